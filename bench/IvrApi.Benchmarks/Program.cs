using BenchmarkDotNet.Running;

namespace IvrApi.Benchmarks;

// Not top-level statements: IvrApi's own Program class is the one WebApplicationFactory starts.
internal static class BenchmarkEntryPoint
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntryPoint).Assembly).Run(args);
}
