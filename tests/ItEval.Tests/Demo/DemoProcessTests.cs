using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using ItEval.Tests.Infrastructure;

namespace ItEval.Tests.Demo;

/// <summary>
/// <c>./run.sh --demo</c> as a person meets it: the built app started with <c>--demo</c> on Azurite
/// loads the demo cycle, announces it, and prints a unit's link that opens that unit's page.
/// </summary>
public sealed partial class DemoProcessTests
{
    [Fact]
    public async Task The_app_started_with_demo_announces_the_demo_cycle_and_prints_a_working_unit_link()
    {
        await using var storage = await TestStorage.CreateAsync();
        await storage.Bootstrap().EnsureCreatedAsync(CancellationToken.None);
        var port = LocalPorts.Free();
        var start = AppProcess.StartInfo(storage.ConnectionString, storage.Names.Prefix, port, "--demo");

        using var process = Process.Start(start)!;
        var printed = new System.Text.StringBuilder();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                printed.AppendLine(line);
                if (line.Contains("Ctrl+C để dừng", StringComparison.Ordinal))
                {
                    break;
                }
            }

            var text = printed.ToString();
            Assert.Matches(@"Kỳ đánh giá mẫu «demo-\d{4}» \(thu phiếu tự đánh giá\)", text);
            var link = UnitLink().Match(text);
            Assert.True(link.Success, text);
            using var http = new HttpClient();
            var page = await http.GetAsync(new Uri(link.Groups[1].Value));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("Ủy ban MTTQ Việt Nam tỉnh", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [GeneratedRegex(@"Trang của Ủy ban MTTQ Việt Nam tỉnh: (http://127\.0\.0\.1:\d+/u/\S+)")]
    private static partial Regex UnitLink();
}
