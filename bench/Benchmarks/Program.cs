using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(IpGuard.Benchmarks.RiskModelBenchmarks).Assembly).Run(args);
