using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ItEval.Telemetry;

namespace ItEval.Tests.Infrastructure;

/// <summary>Sums of the app's counters, from this app's meter only (the factory scopes it).</summary>
public sealed class AppCounters : IDisposable
{
    private readonly ConcurrentDictionary<string, long> _sums = new();
    private readonly MeterListener _listener = new();

    public AppCounters(IMeterFactory scope)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ItEvalTelemetry.Name && instrument.Meter.Scope == scope)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _sums.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value));
        _listener.Start();
    }

    public long Sum(string name) => _sums.GetValueOrDefault(name);

    public void Dispose() => _listener.Dispose();
}
