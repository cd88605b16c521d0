using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/ItEval.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(ItEval.Benchmarks.RankingBenchmarks).Assembly).Run(args);
