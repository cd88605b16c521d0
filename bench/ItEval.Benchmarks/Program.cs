using BenchmarkDotNet.Running;
using ItEval.Benchmarks;

// dotnet run -c Release --project bench/ItEval.Benchmarks -- --filter '*'     (BenchmarkDotNet micro-benchmarks)
// dotnet run -c Release --project bench/ItEval.Benchmarks -- cycle 10000 [parallelism] [instances] [sendgrid]   (a whole cycle on Azurite; sendgrid: through a loopback SendGrid)
// dotnet run -c Release --project bench/ItEval.Benchmarks -- uploads 2000 [parallelism]   (the unit page's uploads on Azurite)
// dotnet run -c Release --project bench/ItEval.Benchmarks -- dashboard 10000   (the console's cycle dashboard, over HTTP)
// dotnet run -c Release --project bench/ItEval.Benchmarks -- exports 10000   (the official ranking as .xlsx and PDF)
// dotnet run -c Release --project bench/ItEval.Benchmarks -- decide 10000   (commands without storage: the CPU part)
// dotnet run -c Release --project bench/ItEval.Benchmarks -- plan 2000 [visits per team per day]   (the visit planner and moves)
if (args is ["uploads", var count, ..])
{
    await UploadScenario.RunAsync(int.Parse(count, System.Globalization.CultureInfo.InvariantCulture),
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 8);
    return;
}

if (args is ["dashboard", var size, ..])
{
    await DashboardScenario.RunAsync(int.Parse(size, System.Globalization.CultureInfo.InvariantCulture));
    return;
}

if (args is ["exports", var ranked, ..])
{
    ExportScenario.Run(int.Parse(ranked, System.Globalization.CultureInfo.InvariantCulture));
    return;
}

if (args is ["plan", var planned, ..])
{
    PlanScenario.Run(int.Parse(planned, System.Globalization.CultureInfo.InvariantCulture),
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 7);
    return;
}

if (args is ["decide", var decided, ..])
{
    DecideScenario.Run(int.Parse(decided, System.Globalization.CultureInfo.InvariantCulture));
    return;
}

if (args is ["cycle", var units, ..])
{
    await CycleScenario.RunAsync(int.Parse(units, System.Globalization.CultureInfo.InvariantCulture),
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 8,
        args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 1,
        args.Contains("sendgrid"));
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(RankingBenchmarks).Assembly).Run(args);
