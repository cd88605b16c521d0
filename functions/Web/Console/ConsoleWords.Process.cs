namespace ItEval.Web.Console;

/// <summary>Words of the cycle's process (its Durable orchestration) on the dashboard and the process page.</summary>
public static partial class ConsoleText
{
    private static readonly Dictionary<string, string> ProcessVi = new(StringComparer.Ordinal)
    {
        ["process"] = "Tiến trình tự động",
        ["process_help"] = "Tiến trình tự động gửi thư, đặt các mốc nhắc hạn và hết hạn, lập lịch thẩm định và công bố theo hồ sơ của kỳ. Hồ sơ (lịch sử thao tác, điểm, phiếu) không nằm trong tiến trình: khởi động lại hay xóa lịch sử tiến trình không làm mất dữ liệu nào của kỳ.",
        ["process_status"] = "Trạng thái",
        ["process_doing"] = "Đang làm",
        ["process_waiting"] = "Đang chờ",
        ["process_next_timer"] = "Mốc hẹn giờ tiếp theo",
        ["process_updated"] = "Cập nhật lúc",
        ["process_instance"] = "Mã tiến trình",
        ["process_failure"] = "Lỗi",
        ["process_details"] = "Chi tiết và lịch sử tiến trình",
        ["process_history"] = "Lịch sử tiến trình (thế hệ hiện tại)",
        ["process_history_help"] = "Mỗi thế hệ của tiến trình xử lý một phần việc rồi bắt đầu lại với hồ sơ mới nhất (ContinueAsNew), nên lịch sử luôn ngắn.",
        ["process_history_none"] = "Máy chủ này không cung cấp lịch sử tiến trình; xem trong cổng Azure (Durable Functions).",
        ["process_event"] = "Sự kiện",
        ["process_name"] = "Tên",
        ["process_detail"] = "Chi tiết",
        ["process_restart"] = "Khởi động lại tiến trình",
        ["process_restart_means"] = "Tiến trình hiện tại bị dừng và một tiến trình mới bắt đầu từ hồ sơ của kỳ; việc đã làm không làm lại, thư đã gửi không gửi lại.",
        ["process_rewind"] = "Tua lại tiến trình bị lỗi",
        ["process_rewind_means"] = "Tiến trình bị lỗi chạy lại từ bước lỗi; các bước đã xong được giữ nguyên.",
        ["process_purge"] = "Xóa lịch sử tiến trình",
        ["process_purge_means"] = "Xóa lịch sử của tiến trình đã kết thúc khỏi kho tiến trình. Hồ sơ của kỳ (lịch sử thao tác, điểm, văn bản) được giữ nguyên.",
        ["process_none"] = "chưa có",
        ["timer_complaints_close"] = "Hết hạn nhận kiến nghị",
        ["process_not_now"] = "Trạng thái hiện tại của tiến trình không cho phép thao tác này (trang đã được cập nhật).",
    };

    private static readonly Dictionary<string, string> ProcessEn = new(StringComparer.Ordinal)
    {
        ["process"] = "Automatic process",
        ["process_help"] = "The automatic process sends the emails, keeps the reminder and deadline timers, plans the visits and publishes, following the cycle's record. The record (history, scores, forms) is not in the process: restarting it or purging its history loses nothing of the cycle.",
        ["process_status"] = "Status",
        ["process_doing"] = "Doing",
        ["process_waiting"] = "Waiting for",
        ["process_next_timer"] = "Next timer",
        ["process_updated"] = "Updated at",
        ["process_instance"] = "Instance id",
        ["process_failure"] = "Failure",
        ["process_details"] = "Process details and history",
        ["process_history"] = "Process history (current generation)",
        ["process_history_help"] = "Each generation of the process does one share of the work and starts again from the latest record (ContinueAsNew), so its history stays short.",
        ["process_history_none"] = "This host does not give orchestration histories; see the portal's Durable Functions view.",
        ["process_event"] = "Event",
        ["process_name"] = "Name",
        ["process_detail"] = "Detail",
        ["process_restart"] = "Restart the process",
        ["process_restart_means"] = "The current process is stopped and a new one starts from the cycle's record; work done is not redone, emails sent are not sent again.",
        ["process_rewind"] = "Rewind the failed process",
        ["process_rewind_means"] = "The failed process runs again from the failed step; the steps that finished are kept.",
        ["process_purge"] = "Purge the process history",
        ["process_purge_means"] = "Deletes the ended process's history from the task hub. The cycle's record (history, scores, documents) is kept.",
        ["process_none"] = "none",
        ["timer_complaints_close"] = "Complaints close",
        ["process_not_now"] = "The process's current state does not allow this (the page shows it now).",
    };
}
