using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ItEval.Cycle;
using ItEval.Forms;
using ItEval.Hosting;
using ItEval.Storage;
using ItEval.Telemetry;
using Microsoft.Extensions.Options;

namespace ItEval.Uploads;

/// <summary>
/// What a unit does through its link: download its form, upload the filled form (kept, validated, and
/// recorded on the cycle when accepted) and evidence files. The app receives the file itself and
/// writes it to Blob storage (docs/uploads.md says why); every version gets its own blob, named by
/// time and SHA-256 and written with "create only", so nothing a unit sent is ever overwritten.
/// </summary>
public sealed partial class UnitUploads(
    CycleEngine engine, FormReader reader, FormTemplateStore templates, UploadVersionStore versions,
    BlobServiceClient blobs, StorageNames names, IOptions<FormOptions> formOptions, IOptions<UploadOptions> uploadOptions, ItEvalTelemetry telemetry, ILogger<UnitUploads> logger,
    StorageQuota quota)
{
    /// <summary>The largest form and evidence file one upload may carry.</summary>
    public (long Form, long Evidence) Limits => (formOptions.Value.MaxFileBytes, uploadOptions.Value.MaxEvidenceBytes);

    public Task<IReadOnlyList<UploadVersion>> ListAsync(string cycleId, string unitId, CancellationToken cancellationToken) =>
        versions.ListAsync(cycleId, unitId, cancellationToken);

    /// <summary>One of the unit's own uploaded files, exactly as it sent it; null if the unit has no such version.</summary>
    public async Task<(Stream Content, UploadVersion Version)?> OpenVersionAsync(string cycleId, string unitId, string versionId, CancellationToken cancellationToken)
    {
        if ((await versions.ListAsync(cycleId, unitId, cancellationToken)).FirstOrDefault(v => v.Id == versionId) is not { } version)
        {
            return null;
        }

        var blob = blobs.GetBlobContainerClient(version.Container).GetBlobClient(version.BlobName);
        return ((await blob.DownloadStreamingAsync(cancellationToken: cancellationToken)).Value.Content, version);
    }

    /// <summary>The unit's personalised form: made at its first download and kept (the announcement writes none).</summary>
    public async Task<(byte[] Bytes, string FileName)> FormTemplateAsync(string cycleId, string unitId, CancellationToken cancellationToken)
    {
        var form = await engine.QueryAsync(cycleId, s => s.FormOf(s.Units[unitId]), cancellationToken);
        return (await templates.GetAsync(form, cancellationToken), $"phieu-danh-gia-{form.UnitCode}.xlsx");
    }

    public async Task<UploadOutcome> UploadFormAsync(string cycleId, string unitId, string fileName, Stream content, CancellationToken cancellationToken) =>
        Counted("form", await CheckAndStoreFormAsync(cycleId, unitId, fileName, content, cancellationToken));

    public async Task<UploadOutcome> UploadEvidenceAsync(string cycleId, string unitId, string? criterion, string fileName, Stream content, CancellationToken cancellationToken) =>
        Counted("evidence", await CheckAndStoreEvidenceAsync(cycleId, unitId, criterion, fileName, content, cancellationToken));

    private UploadOutcome Counted(string what, UploadOutcome outcome)
    {
        if (outcome.Status >= 400)
        {
            telemetry.UploadRefused(what, outcome.Status);
        }

        return outcome;
    }

    private async Task<UploadOutcome> CheckAndStoreFormAsync(string cycleId, string unitId, string fileName, Stream content, CancellationToken cancellationToken)
    {
        var now = engine.Time.GetUtcNow();
        var window = await engine.QueryAsync(cycleId, s => UploadWindow.Of(s, s.Units[unitId], now), cancellationToken);
        if (!window.Open)
        {
            return UploadOutcome.Refused(409, window.ClosedVi!, window.ClosedEn!);
        }

        var limit = formOptions.Value.MaxFileBytes;
        if (await BoundedRead.ReadAsync(content, limit, cancellationToken) is not { } bytes)
        {
            return TooLarge(limit);
        }

        var maxVersions = uploadOptions.Value.MaxFormVersions;
        if (!await versions.ReserveAsync(cycleId, unitId, UploadKinds.Form, maxVersions, cancellationToken))
        {
            return UploadOutcome.Refused(409, $"Đơn vị đã gửi phiếu {maxVersions} lần, là số lần tối đa; hãy liên hệ bộ phận CNTT.",
                $"The unit has already sent the form {maxVersions} times, the most allowed; contact the IT office.");
        }

        if (await quota.TakeAsync(cycleId, unitId, bytes.Length, cancellationToken) is var (fullVi, fullEn))
        {
            await versions.ReleaseAsync(cycleId, unitId, UploadKinds.Form, cancellationToken);
            return UploadOutcome.Refused(409, fullVi, fullEn);
        }

        var read = Read(bytes, fileName, window.Form);
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        extension = extension is ".xlsx" or ".csv" or ".json" ? extension : ".bin";
        var version = await StoreReservedAsync(UploadKinds.Form, cycleId, unitId, fileName, bytes, now, read.Accepted ? names.FormsContainer : names.QuarantineContainer,
            sha => $"{Stamp(now)}-{sha}{extension}", read.Accepted, window.Late, null, read.Problems, cancellationToken);
        if (!read.Accepted)
        {
            return new UploadOutcome(version, false, read.Problems, 422);
        }

        var result = await engine.HandleAsync(cycleId, new RecordSubmission(unitId, version.Id, read.Assessment!.Points) { By = $"unit:{window.Form.UnitCode}" }, cancellationToken);
        if (result.Refusal is { } refusal)
        {
            // The deadline passed (or the cycle moved on) while the file was being checked: kept, listed as refused.
            var refused = version with { Accepted = false, Problems = [Where.File.Problem(refusal.Vi, refusal.En)] };
            await versions.MarkRefusedAsync(cycleId, unitId, refused, cancellationToken);
            return new UploadOutcome(refused, false, refused.Problems, 409);
        }

        return new UploadOutcome(version, true, [], 200);
    }

    private async Task<UploadOutcome> CheckAndStoreEvidenceAsync(string cycleId, string unitId, string? criterion, string fileName, Stream content, CancellationToken cancellationToken)
    {
        var now = engine.Time.GetUtcNow();
        var window = await engine.QueryAsync(cycleId, s => UploadWindow.Of(s, s.Units[unitId], now), cancellationToken);
        if (!window.Open)
        {
            return UploadOutcome.Refused(409, window.ClosedVi!, window.ClosedEn!);
        }

        criterion = string.IsNullOrWhiteSpace(criterion) ? null : criterion.Trim();
        if (criterion is not null && !window.Form.Rubric.Leaves.Any(l => l.Code == criterion))
        {
            return UploadOutcome.Refused(422, $"Không có tiêu chí \"{criterion}\" trong bộ tiêu chí.", $"There is no criterion \"{criterion}\" in the rubric.");
        }

        var options = uploadOptions.Value;
        if (await BoundedRead.ReadAsync(content, options.MaxEvidenceBytes, cancellationToken) is not { } bytes)
        {
            return TooLarge(options.MaxEvidenceBytes);
        }

        if (EvidenceProblem(fileName, bytes, options) is { } problem)
        {
            return problem;
        }

        // The same file sent again is the same evidence: kept once, counted once.
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if ((await versions.ListAsync(cycleId, unitId, cancellationToken)).FirstOrDefault(v => v.Kind == UploadKinds.Evidence && v.Sha256 == sha && v.CriterionCode == criterion) is { } already)
        {
            return new UploadOutcome(already, false, [], 200);
        }

        if (!await versions.ReserveAsync(cycleId, unitId, UploadKinds.Evidence, options.MaxEvidenceFiles, cancellationToken))
        {
            return UploadOutcome.Refused(409, $"Đơn vị đã gửi đủ {options.MaxEvidenceFiles} tệp minh chứng; hãy gộp bớt tệp rồi liên hệ bộ phận CNTT.",
                $"The unit already sent {options.MaxEvidenceFiles} evidence files; merge files and contact the IT office.");
        }

        if (await quota.TakeAsync(cycleId, unitId, bytes.Length, cancellationToken) is var (noRoomVi, noRoomEn))
        {
            await versions.ReleaseAsync(cycleId, unitId, UploadKinds.Evidence, cancellationToken);
            return UploadOutcome.Refused(409, noRoomVi, noRoomEn);
        }

        var version = await StoreReservedAsync(UploadKinds.Evidence, cycleId, unitId, fileName, bytes, now, names.EvidenceContainer,
            sha => $"{Stamp(now)}-{sha[..12]}-{EvidenceFiles.SafeName(fileName)}", true, window.Late, criterion, [], cancellationToken);
        return new UploadOutcome(version, false, [], 200);
    }

    /// <summary>At most this many files back the complaints of one unit (each as large as an evidence file may be).</summary>
    public const int MaxComplaintFiles = 10;

    /// <summary>Why a file cannot back a complaint (checked as evidence is), before anything is stored; null if it can.</summary>
    public UploadOutcome? ComplaintFileProblem(string fileName, byte[]? bytes) =>
        bytes is null ? TooLarge(uploadOptions.Value.MaxEvidenceBytes) : EvidenceProblem(fileName, bytes, uploadOptions.Value);

    /// <summary>
    /// The files of a complaint (kiến nghị), already checked: their places are taken together (none if they
    /// do not all fit the unit's limit, then null), then each is kept for good like every upload. The
    /// complaint names them by version id; if it is refused after all, <see cref="ReleaseComplaintFilesAsync"/>
    /// gives the places back (the files stay kept, not counted).
    /// </summary>
    public async Task<(IReadOnlyList<UploadVersion>? Stored, (string Vi, string En)? Full)> StoreComplaintFilesAsync(
        string cycleId, string unitId, string complaintId, IReadOnlyList<(string Name, byte[] Bytes)> files, CancellationToken cancellationToken)
    {
        if (files.Count == 0)
        {
            return ([], null);
        }

        if (!await versions.ReserveAsync(cycleId, unitId, UploadKinds.Complaint, MaxComplaintFiles, cancellationToken, files.Count))
        {
            return (null, null);
        }

        if (await quota.TakeAsync(cycleId, unitId, files.Sum(f => (long)f.Bytes.Length), cancellationToken) is { } full)
        {
            await ReleaseComplaintFilesAsync(cycleId, unitId, files.Count, cancellationToken);
            return (null, full);
        }

        var now = engine.Time.GetUtcNow();
        var stored = new List<UploadVersion>();
        foreach (var (name, bytes) in files)
        {
            stored.Add(await StoreReservedAsync(UploadKinds.Complaint, cycleId, unitId, name, bytes, now, names.EvidenceContainer,
                sha => $"complaints/{complaintId}/{Stamp(now)}-{sha[..12]}-{EvidenceFiles.SafeName(name)}", true, false, null, [], cancellationToken));
        }

        return (stored, null);
    }

    public async Task ReleaseComplaintFilesAsync(string cycleId, string unitId, int count, CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            await versions.ReleaseAsync(cycleId, unitId, UploadKinds.Complaint, cancellationToken);
        }
    }

    /// <summary>
    /// Why an evidence file is not taken: not an accepted type (by name and first bytes), or an Office or
    /// OpenDocument package that holds macros, unpacks too large, has too many parts or is not readable.
    /// </summary>
    private static UploadOutcome? EvidenceProblem(string fileName, byte[] bytes, UploadOptions options)
    {
        var shown = EvidenceFiles.DisplayName(fileName);
        if (bytes.Length == 0 || EvidenceFiles.ContentType(fileName, bytes) is null)
        {
            return UploadOutcome.Refused(415,
                $"Tệp \"{shown}\" không phải loại được nhận. Chỉ nhận PDF, ảnh PNG/JPG, Word, Excel, PowerPoint hoặc OpenDocument.",
                $"\"{shown}\" is not an accepted type. Send PDF, PNG/JPG images, Word, Excel, PowerPoint or OpenDocument files.");
        }

        if (!EvidenceFiles.IsPackage(bytes))
        {
            return null;
        }

        return PackageInspector.Inspect(bytes, options.MaxEvidencePackageEntries, options.MaxEvidenceUnpackedBytes) switch
        {
            PackageVerdict.Ok => null,
            PackageVerdict.Macros => UploadOutcome.Refused(422,
                $"Tệp \"{shown}\" có chứa macro; hãy lưu lại không có macro (ví dụ .docx, .xlsx hoặc PDF) rồi gửi lại.",
                $"\"{shown}\" contains macros; save it without macros (for example as .docx, .xlsx or PDF) and send it again."),
            PackageVerdict.UnpackedTooLarge or PackageVerdict.TooManyEntries => UploadOutcome.Refused(422,
                $"Tệp \"{shown}\" khi giải nén lớn hơn {options.MaxEvidenceUnpackedBytes / 1024 / 1024} MB hoặc có quá nhiều thành phần; hãy lưu thành PDF rồi gửi lại.",
                $"\"{shown}\" unpacks to more than {options.MaxEvidenceUnpackedBytes / 1024 / 1024} MB or has too many parts; save it as PDF and send it again."),
            _ => UploadOutcome.Refused(422,
                $"Tệp \"{shown}\" bị hỏng hoặc không mở được; hãy mở bằng chương trình đã tạo ra nó, lưu lại rồi gửi lại.",
                $"\"{shown}\" is damaged or cannot be opened; open it in the program that made it, save it and send it again."),
        };
    }

    private static bool IsStorageFailure(Exception ex) => ex is Azure.RequestFailedException or AggregateException or HttpRequestException or TimeoutException;

    /// <summary>Stores a version in the place reserved for it; gives the place back if storing fails.</summary>
    private async Task<UploadVersion> StoreReservedAsync(
        string kind, string cycleId, string unitId, string fileName, byte[] bytes, DateTimeOffset now, string container, Func<string, string> name,
        bool accepted, bool late, string? criterion, IReadOnlyList<FormProblem> problems, CancellationToken cancellationToken)
    {
        try
        {
            return await StoreAsync(kind, cycleId, unitId, fileName, bytes, now, container, name, accepted, late, criterion, problems, cancellationToken);
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            try
            {
                await versions.ReleaseAsync(cycleId, unitId, kind, CancellationToken.None);
            }
            catch (Exception again) when (IsStorageFailure(again))
            {
                // Storage is down: the place stays taken, which errs on the safe side of the limit.
            }

            throw;
        }
    }

    private async Task<UploadVersion> StoreAsync(
        string kind, string cycleId, string unitId, string fileName, byte[] bytes, DateTimeOffset now, string container, Func<string, string> name,
        bool accepted, bool late, string? criterion, IReadOnlyList<FormProblem> problems, CancellationToken cancellationToken)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var blobName = $"{cycleId}/{unitId}/{name(sha)}";
        var shownName = EvidenceFiles.DisplayName(fileName);
        try
        {
            await blobs.GetBlobContainerClient(container).GetBlobClient(blobName).UploadAsync(BinaryData.FromBytes(bytes), new BlobUploadOptions
            {
                // Create only: an existing blob is never replaced (the same bytes at the same millisecond is the same version).
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                Metadata = new Dictionary<string, string> { ["originalname"] = Uri.EscapeDataString(shownName), ["sha256"] = sha },
            }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
        }

        var version = new UploadVersion($"{Stamp(now)}-{sha[..12]}", kind, now, shownName, bytes.Length, sha, container, blobName, accepted, late, criterion, problems);
        if (!await versions.AddAsync(cycleId, unitId, version, cancellationToken))
        {
            // Already there: the place reserved for it is not used.
            await versions.ReleaseAsync(cycleId, unitId, kind, cancellationToken);
        }

        return version;
    }

    /// <summary>
    /// The reader answers every file with problems, never an exception (a fuzz test holds it to that);
    /// should a file still find a way, the unit gets the corrupt-file answer and the file is kept in
    /// quarantine for the IT office, like every refused form.
    /// </summary>
    private FormReadResult Read(byte[] bytes, string fileName, FormContext form)
    {
        try
        {
            return reader.Read(bytes, fileName, form);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogUnreadable(logger, ex, form.CycleId, form.UnitId);
            return FormReadResult.Rejected([FormRefusals.Corrupt]);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The form reader threw on an upload of {Cycle}/{Unit}; the file is kept in quarantine")]
    private static partial void LogUnreadable(ILogger logger, Exception exception, string cycle, string unit);

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static UploadOutcome TooLarge(long limit) => UploadOutcome.Refused(413,
        $"Tệp lớn hơn giới hạn {limit / 1024.0 / 1024.0:0.#} MB.", $"The file is larger than the {limit / 1024.0 / 1024.0:0.#} MB limit.");
}
