using System.Text.Json;
using Azure.Data.Tables;
using ItEval.Storage;

namespace ItEval.Publication;

/// <summary>
/// The parts of an official document (văn bản hành chính, Decree 30/2020/NĐ-CP) that belong to the
/// issuing office, not to a cycle: the governing body and the issuing agency (top left), the national
/// title and motto (top right; Party committees put "ĐẢNG CỘNG SẢN VIỆT NAM" and leave the motto
/// empty), the document number's symbol (the number itself is left blank to be filled when it is
/// registered), the place before the date, the signer's title and name, and the recipients.
/// </summary>
public sealed record DocumentHeader(
    string ParentAgency,
    string IssuingAgency,
    string NationalTitle,
    string Motto,
    string NumberSymbol,
    string Place,
    string SignerTitle,
    string SignerName,
    string Recipients)
{
    public static readonly DocumentHeader Default = new(
        "Ủy ban nhân dân tỉnh",
        "Sở Khoa học và Công nghệ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "TB-SKHCN",
        "Tỉnh",
        "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
        "",
        "- Các cơ quan, đơn vị được đánh giá;\n- Lãnh đạo Sở;\n- Lưu: VT, CNTT.");

    /// <summary>Longest text of any field: a header is a few lines, not a document.</summary>
    public const int MaxFieldLength = 400;
}

/// <summary>The document header row in the settings table (one row, replaced as a whole).</summary>
public sealed class DocumentHeaderStore(TableServiceClient tables, StorageNames names)
{
    private readonly TableClient _table = tables.GetTableClient(names.SettingsTable);

    public async Task<DocumentHeader> GetAsync(CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>("settings", "document-header", cancellationToken: cancellationToken);
        return row.HasValue && row.Value!.GetString("Json") is { } json
            ? JsonSerializer.Deserialize<DocumentHeader>(json) ?? DocumentHeader.Default
            : DocumentHeader.Default;
    }

    public Task SaveAsync(DocumentHeader header, CancellationToken cancellationToken) =>
        _table.UpsertEntityAsync(new TableEntity("settings", "document-header") { ["Json"] = JsonSerializer.Serialize(header) }, TableUpdateMode.Replace, cancellationToken);
}
