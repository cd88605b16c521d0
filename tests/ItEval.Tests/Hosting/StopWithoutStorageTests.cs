using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ItEval.Testing;
using ItEval.Tests.Infrastructure;

namespace ItEval.Tests.Hosting;

/// <summary>
/// Ctrl+C in the terminal of <c>./run.sh</c> used to reach Azurite and the app at once: storage went away
/// first, and the orchestration worker's stop retried its partition table for ever, so the app never ended.
/// Here the app runs on Azurite through a relay that the test cuts, then gets SIGINT: it must end.
/// </summary>
public sealed class StopWithoutStorageTests
{
    [Fact]
    public async Task The_app_stops_on_SIGINT_even_when_storage_went_away_first()
    {
        var azurite = await Azurite.GetAsync();
        using var blob = new Relay(azurite.BlobPort);
        using var queue = new Relay(azurite.QueuePort);
        using var table = new Relay(azurite.TablePort);
        var storage = new AzuriteEndpoints(blob.Port, queue.Port, table.Port).ConnectionString;
        var start = AppProcess.StartInfo(storage, TestStorage.NewPrefix());
        start.Environment["Durable__PartitionCount"] = "1";
        using var app = Process.Start(start)!;
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("orchestration worker of task hub", StringComparison.Ordinal) == true)
            {
                running.TrySetResult();
            }
        };
        app.ErrorDataReceived += (_, _) => { };
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();
        try
        {
            await running.Task.WaitAsync(TimeSpan.FromSeconds(90));
            await Task.Delay(TimeSpan.FromSeconds(2));   // the worker holds its partition lease now

            blob.Cut();
            queue.Cut();
            table.Cut();
            using (var interrupt = Process.Start("kill", ["-INT", app.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await interrupt.WaitForExitAsync();
            }

            var watch = Stopwatch.StartNew();
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(45));
            await app.WaitForExitAsync(limit.Token);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(45), $"stopped after {watch.Elapsed.TotalSeconds:F0} s");
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("the app did not stop within 45 s of SIGINT with its storage gone");
        }
        finally
        {
            if (!app.HasExited)
            {
                app.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>A TCP relay to one Azurite port that the test can cut (every connection closed, new ones refused).</summary>
    private sealed class Relay : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _cut = new();

        public Relay(int target)
        {
            _listener.Start();
            _ = AcceptAsync(target);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public void Cut()
        {
            _cut.Cancel();
            _listener.Stop();
        }

        public void Dispose()
        {
            if (!_cut.IsCancellationRequested)
            {
                Cut();
            }

            _cut.Dispose();
        }

        private async Task AcceptAsync(int target)
        {
            while (!_cut.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_cut.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                _ = PipeAsync(client, target);
            }
        }

        private async Task PipeAsync(TcpClient client, int target)
        {
            using (client)
            using (var upstream = new TcpClient())
            {
                try
                {
                    await upstream.ConnectAsync(IPAddress.Loopback, target, _cut.Token);
                    var a = client.GetStream();
                    var b = upstream.GetStream();
                    await Task.WhenAny(a.CopyToAsync(b, _cut.Token), b.CopyToAsync(a, _cut.Token));
                }
                catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
                {
                    // Cut, or one side closed.
                }
            }
        }
    }
}
