using ItEval.Cycle;
using ItEval.Forms;

namespace ItEval.Uploads;

/// <summary>
/// Whether a unit may upload now, read from the cycle's state: from its announcement until the end of
/// its deadline (or of the day the admin reopened it until); after its deadline an upload is late.
/// The rules are the cycle's own (<see cref="CycleState"/>), the same the decider applies when the
/// submission is recorded; this adds the words the unit reads.
/// </summary>
public sealed record UploadWindow(FormContext Form, bool Open, bool Late, string? ClosedVi, string? ClosedEn)
{
    public static UploadWindow Of(CycleState state, UnitProgress unit, DateTimeOffset now)
    {
        var form = state.FormOf(unit);
        var late = state.IsLateFor(unit, now);
        if (!state.AcceptsSubmissionsFrom(unit))
        {
            return state.Phase switch
            {
                CyclePhase.Draft or CyclePhase.Announcing => new(form, false, late, "Kỳ đánh giá chưa mở nhận phiếu.", "The cycle is not open for submissions yet."),
                CyclePhase.Suspended => new(form, false, late, "Kỳ đánh giá đang tạm dừng; hãy thử lại sau hoặc liên hệ bộ phận CNTT.",
                    "The cycle is paused; try again later or contact the IT office."),
                _ => new(form, false, late, "Đã hết thời gian nộp phiếu; trang này chỉ để xem.", "Submissions are closed; this page is read-only."),
            };
        }

        return state.IsOpenFor(unit, now)
            ? new(form, true, late, null, null)
            : new(form, false, late,
                $"Đã quá hạn nộp ({state.DeadlineOf(unit):dd/MM/yyyy}); trang này chỉ để xem. Nếu cần nộp bổ sung, hãy liên hệ bộ phận CNTT để được mở lại.",
                $"The deadline ({state.DeadlineOf(unit):yyyy-MM-dd}) has passed; this page is read-only. To submit, contact the IT office to be reopened.");
    }
}
