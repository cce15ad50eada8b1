namespace IvrApi.Benchmarks;

/// <summary>The service's own test fixtures, found from wherever BenchmarkDotNet runs the build.</summary>
internal static class Fixtures
{
    public static byte[] Read(string relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "IvrApi.Tests", "Fixtures", relativePath);
            if (File.Exists(path))
            {
                return File.ReadAllBytes(path);
            }
        }

        throw new FileNotFoundException($"IvrApi.Tests/Fixtures/{relativePath} not found above {AppContext.BaseDirectory}.");
    }
}
