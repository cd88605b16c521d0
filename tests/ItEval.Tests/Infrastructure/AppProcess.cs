using System.Diagnostics;
using System.Globalization;

namespace ItEval.Tests.Infrastructure;

/// <summary>The built app as a server starts it (<c>dotnet ItEval.Functions.dll</c>, Production), on the given storage.</summary>
public static class AppProcess
{
    /// <summary>The start info with storage, a free port and fixed signing keys; add settings, then <see cref="Process.Start(ProcessStartInfo)"/>.</summary>
    public static ProcessStartInfo StartInfo(string storageConnection, string prefix, int? port = null, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ItEval.Functions.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["AzureWebJobsStorage"] = storageConnection;
        start.Environment["Storage__Prefix"] = prefix;
        start.Environment["Hosting__Port"] = (port ?? LocalPorts.Free()).ToString(CultureInfo.InvariantCulture);
        start.Environment["Forms__SigningKey"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 1)).ToArray());
        start.Environment["Links__SigningKey"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 7)).ToArray());
        return start;
    }
}
