using System.Text.Json;
using IvrApi.Infrastructure;
using IvrApi.Routing;
using Microsoft.Extensions.Options;

namespace IvrApi.Departments;

/// <summary>Departments from the JSON seed file shipped with the app, so a laptop needs nothing else.</summary>
public sealed partial class EmbeddedDepartmentSource(IOptions<DirectoryOptions> options, ILogger<EmbeddedDepartmentSource> logger)
    : IDepartmentSource
{
    private IReadOnlyList<Department>? departments;

    public static string ResolvePath(string seedFile) =>
        Path.IsPathRooted(seedFile) ? seedFile : Path.Combine(AppContext.BaseDirectory, seedFile);

    public Task<IReadOnlyList<Department>> LoadAsync(CancellationToken cancellationToken) =>
        Task.FromResult(departments ??= Read(ResolvePath(options.Value.SeedFile)));

    private IReadOnlyList<Department> Read(string path)
    {
        using var stream = File.OpenRead(path);
        var records = JsonSerializer.Deserialize(stream, IvrJsonContext.Default.DepartmentRecordArray)
            ?? throw new InvalidDataException($"{path} holds no department list.");
        var loaded = new List<Department>(records.Length);
        foreach (var record in records)
        {
            string? error = "empty entry";
            if (record?.ToDepartment(out error) is { } department)
            {
                loaded.Add(department);
            }
            else
            {
                LogSkipped(logger, path, error!);
            }
        }

        return loaded;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Department in {Path} skipped: {Error}")]
    private static partial void LogSkipped(ILogger logger, string path, string error);
}
