namespace ItEval.Engine;

/// <summary>Thrown by tests at an engine step to simulate the process dying there; never caught as a failure of the work.</summary>
public sealed class SimulatedCrashException(string step) : Exception($"Simulated crash at {step}");
