using ItEval.Cycle;
using ItEval.Ranking;
using ItEval.Rubrics;
using static ItEval.Tests.Cycle.DeciderSpec;
using static ItEval.Tests.Cycle.SampleCycles;

namespace ItEval.Tests.Cycle;

/// <summary>
/// Issue 24: the header of the official documents is part of the cycle, defaults from the rubric's bloc,
/// cannot go out as the template, and a published edition's documents are corrected by a new edition.
/// </summary>
public sealed class DocumentHeaderSpecs
{
    private static readonly DateTimeOffset Now = Vn(2026, 12, 22);
    private static readonly DateTimeOffset Published = Vn(2027, 2, 5, 10);

    private static CycleEvent[] Ranked(DocumentHeader? header)
    {
        var def = Definition("c", 2) with { DocumentHeader = header };
        var scores = SelfScores(RubricReader.Read(def.RubricJson));
        return
        [
            new CycleCreated(def) { At = Now, By = "admin" },
            new CycleStarted { At = Now, By = "admin" },
            new UnitsAnnounced(["u0001", "u0002"]) { At = Now, By = "system" },
            new CollectingOpened { At = Now, By = "system" },
            new SubmissionRecorded("u0001", "s1", scores, false) { At = Now, By = "unit" },
            new CollectingClosed("deadline") { At = Now, By = "system" },
            new VisitsPlanned([new Visit("u0001", new DateOnly(2026, 12, 21), 0, ["tv1"])]) { At = Now, By = "system" },
            new AppraisalClosed("Đủ") { At = Now, By = "admin" },
            new RankingComputed(2, 1, "sha-1", ["u0001", "u0002"], 9) { At = Now, By = "system" },
        ];
    }

    [Fact]
    public void Publishing_with_the_blocs_template_is_refused_naming_what_is_missing_and_goes_once_it_is_written()
    {
        ThenRefused(DeciderSpec.When(Ranked(DocumentHeader.State), new PublishResults { By = "admin" }, Now), RefusalKind.Invalid, "địa danh");
        ThenRefused(DeciderSpec.When(Ranked(null), new PublishResults { By = "admin" }, Now), RefusalKind.Invalid, "cơ quan chủ quản");
        // The placeholder of earlier versions ("Tỉnh") counts as missing.
        ThenRefused(DeciderSpec.When(Ranked(Header with { Place = "Tỉnh" }), new PublishResults { By = "admin" }, Now), RefusalKind.Invalid, "địa danh");

        CycleEvent[] fixedHeader = [.. Ranked(DocumentHeader.State), new DocumentHeaderSet(Header) { At = Now, By = "admin" }];
        ThenEvents(DeciderSpec.When(fixedHeader, new PublishResults { By = "admin" }, Now), typeof(ResultsPublished));
        Assert.Equal(Header, CycleState.Fold("c", fixedHeader).Header);
    }

    [Fact]
    public void The_header_is_set_freely_before_publication_and_only_corrected_with_a_reason_after()
    {
        CycleEvent[] published = [.. Ranked(Header), new ResultsPublished(1, "sha-1") { At = Published, By = "admin" }];
        var corrected = Header with { Place = "Đà Lạt", SignerName = "Trần Văn Hùng" };

        ThenEvents(DeciderSpec.When(Ranked(Header), new SetDocumentHeader(corrected) { By = "admin" }, Now), typeof(DocumentHeaderSet));
        ThenEvents(DeciderSpec.When(Ranked(Header), new SetDocumentHeader(Header) { By = "admin" }, Now));
        ThenRefused(DeciderSpec.When(published, new SetDocumentHeader(corrected) { By = "admin" }, Published), RefusalKind.WrongPhase, "Đính chính");
        ThenRefused(DeciderSpec.When(published, new CorrectDocuments(corrected, " ") { By = "admin" }, Published), RefusalKind.Invalid, "lý do");
        ThenRefused(DeciderSpec.When(published, new CorrectDocuments(Header, "Sai người ký") { By = "admin" }, Published), RefusalKind.Invalid, "không thay đổi");
        ThenRefused(DeciderSpec.When(published, new CorrectDocuments(corrected with { Place = "" }, "Sai người ký") { By = "admin" }, Published), RefusalKind.Invalid, "địa danh");
        ThenRefused(DeciderSpec.When(Ranked(Header), new CorrectDocuments(corrected, "Sai người ký") { By = "admin" }, Now), RefusalKind.WrongPhase, "đính chính");
        ThenEvents(DeciderSpec.When(published, new CorrectDocuments(corrected, "Sai người ký") { By = "admin" }, Published), typeof(DocumentsCorrected));
    }

    [Fact]
    public void A_correction_ranks_the_same_scores_again_and_publishes_edition_2_that_names_the_reason_and_emails_no_unit()
    {
        var corrected = Header with { SignerName = "Trần Văn Hùng" };
        CycleEvent[] correcting =
        [
            .. Ranked(Header), new ResultsPublished(1, "sha-1") { At = Published, By = "admin" },
            new DocumentsCorrected(corrected, "Sai họ tên người ký") { At = Published.AddDays(1), By = "admin" },
        ];
        var state = CycleState.Fold("c", correcting);
        Assert.Equal((CyclePhase.Ranking, false, "Sai họ tên người ký"), (state.Phase, state.RankingReady, state.PendingCorrection));
        Assert.Contains(CycleWork.For(state, correcting[^1], state.Version), w => w.Kind == WorkKinds.Rank);

        CycleEvent[] ranked = [.. correcting, new RankingComputed(2, 2, "sha-2", [], state.Version) { At = Published.AddDays(1), By = "system" }];
        var published = (ResultsPublished)Assert.Single(DeciderSpec.When(ranked, new PublishResults { By = "admin" }, Published.AddDays(1)).Events);
        Assert.Equal((2, "Sai họ tên người ký"), (published.Edition, published.Correction));
        Assert.Empty(published.ChangedUnitIds!);

        var after = CycleState.Fold("c", [.. ranked, published]);
        Assert.Equal([Header, corrected], after.Editions.Select(e => e.Header));
        Assert.Equal([null, "Sai họ tên người ký"], after.Editions.Select(e => e.Correction));
        Assert.Null(after.PendingCorrection);
        Assert.DoesNotContain(CycleWork.For(after, published, after.Version), w => w.Kind == WorkKinds.Email && w.EmailKind == EmailKinds.Result && w.UnitIds.Count > 0);
    }

    [Fact]
    public void A_new_cycle_takes_the_header_template_of_its_rubrics_bloc_and_keeps_what_the_admin_wrote()
    {
        var limits = new ItEval.Forms.FormOptions();
        ItEval.Web.CreateCycleRequest Request(string rubric, ItEval.Web.DocumentHeaderRequest? header) => new(
            "ky-2026", 2026, "Đánh giá năm 2026", rubric, new DateOnly(2026, 12, 15), new DateOnly(2026, 12, 21), new DateOnly(2027, 1, 29),
            Units: [new UnitInfo("u1", "U1", "Ban Tuyên giáo", "dang", "d1", ["u1@tinh.gov.vn"])], DocumentHeader: header);

        var party = Request(BuiltInRubrics.PartyAndMassOrganisations, new(ParentAgency: "Tỉnh ủy Lâm Đồng", Place: " Lâm Đồng ")).ToDefinition(limits).Definition!.DocumentHeader!;
        var state = Request(BuiltInRubrics.DepartmentsAndDistricts, null).ToDefinition(limits).Definition!.DocumentHeader!;

        Assert.Equal((DocumentHeader.PartyTitle, "", "Tỉnh ủy Lâm Đồng", "Lâm Đồng", "Văn phòng Tỉnh ủy"), (party.NationalTitle, party.Motto, party.ParentAgency, party.Place, party.IssuingAgency));
        Assert.Empty(party.Problems());
        Assert.Equal((DocumentHeader.StateTitle, "Độc lập - Tự do - Hạnh phúc", ""), (state.NationalTitle, state.Motto, state.Place));
        Assert.NotEmpty(state.Problems());
    }
}
