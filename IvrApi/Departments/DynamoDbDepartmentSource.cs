using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using IvrApi.Routing;
using Microsoft.Extensions.Options;

namespace IvrApi.Departments;

/// <summary>
/// Departments from the DynamoDB table of the AWS sample (partition key <c>department_name</c>, string attributes
/// <c>service</c> and <c>number</c>; optional string set or list <c>synonyms</c> and number <c>position</c>). The whole
/// table is read: it is small, and matching a caller's words needs every name.
/// </summary>
public sealed partial class DynamoDbDepartmentSource(
    IAmazonDynamoDB dynamoDb,
    IOptions<DirectoryOptions> options,
    ILogger<DynamoDbDepartmentSource> logger) : IDepartmentSource
{
    public async Task<IReadOnlyList<Department>> LoadAsync(CancellationToken cancellationToken)
    {
        var departments = new List<(Department Department, int? Position)>();
        Dictionary<string, AttributeValue>? startKey = null;
        do
        {
            var page = await dynamoDb.ScanAsync(
                new ScanRequest { TableName = options.Value.TableName, ExclusiveStartKey = startKey, ConsistentRead = true },
                cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Items ?? [])
            {
                var record = ToRecord(item);
                if (record.ToDepartment(out var error) is { } department)
                {
                    departments.Add((department, record.Position));
                }
                else
                {
                    LogSkipped(logger, error!);
                }
            }

            startKey = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (startKey is not null);

        return departments
            .OrderBy(d => d.Position ?? int.MaxValue)
            .ThenBy(d => d.Department.Name, StringComparer.Ordinal)
            .Select(d => d.Department)
            .ToArray();
    }

    public static DepartmentRecord ToRecord(Dictionary<string, AttributeValue> item) => new(
        item.GetValueOrDefault("department_name")?.S,
        item.GetValueOrDefault("service")?.S,
        item.GetValueOrDefault("number")?.S,
        item.GetValueOrDefault("synonyms") is { } synonyms ? (synonyms.SS ?? synonyms.L?.Select(v => v.S).OfType<string>().ToList()) : null,
        int.TryParse(item.GetValueOrDefault("position")?.N, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var position) ? position : null);

    [LoggerMessage(Level = LogLevel.Error, Message = "Department row skipped: {Error}")]
    private static partial void LogSkipped(ILogger logger, string error);
}
