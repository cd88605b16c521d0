namespace ItEval.Web;

/// <summary>Reading a posted form without letting a malformed one become a server error.</summary>
public static class RequestForms
{
    /// <summary>
    /// The posted form, or null when the body cannot be read as one: not a form, cut short, more values
    /// than the parser allows, a part too large. The caller answers with its usual message; nothing is stored.
    /// </summary>
    public static async Task<IFormCollection?> ReadAsync(HttpContext http, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
        {
            return null;
        }

        try
        {
            return await http.Request.ReadFormAsync(ct);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or IOException or InvalidOperationException)
        {
            return null;
        }
    }
}
