using System.Collections;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace IvrApi.Infrastructure;

internal static class Logging
{
    /// <summary>Compact JSON on Lambda (CloudWatch parses it), readable text on a laptop; every line of a call carries its ids.</summary>
    public static IServiceCollection AddIvrLogging(this IServiceCollection services, IConfiguration configuration)
    {
        var level = Enum.TryParse<LogEventLevel>(configuration["Logging:MinimumLevel"], ignoreCase: true, out var configured)
            ? configured
            : LogEventLevel.Information;
        var onLambda = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_NAME"));
        return services.AddSerilog((provider, logger) =>
        {
            // Sinks registered in the container (the tests' capture) join the console. They sit behind a sub-logger
            // so that control characters are escaped after every enricher ran, the call's log scope included.
            logger.MinimumLevel.Is(level)
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                .Enrich.FromLogContext()
                .WriteTo.Logger(sinks =>
                {
                    sinks.MinimumLevel.Verbose().Enrich.With<ControlCharacterEscaper>().ReadFrom.Services(provider);
                    if (onLambda)
                    {
                        sinks.WriteTo.Console(new RenderedCompactJsonFormatter());
                    }
                    else
                    {
                        sinks.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {TransactionId} {CallId} {Message:lj}{NewLine}{Exception}");
                    }
                });
        },

        // Each host owns its logger; the static Log.Logger is left alone, so hosts in one process (tests) stay apart.
        preserveStaticLogger: true);
    }
}

/// <summary>Log scope that puts a call's ids on every line written while it is handled.</summary>
internal sealed class CallScope(string? callId, string? transactionId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 2;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("CallId", callId),
        1 => new("TransactionId", transactionId),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
        yield return this[1];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"CallId:{callId} TransactionId:{transactionId}";
}

/// <summary>Phone numbers are personal data: logs keep the country code and the last two digits only.</summary>
public static class PhoneNumberMask
{
    public static string Mask(string? number)
    {
        if (string.IsNullOrEmpty(number))
        {
            return "";
        }

        var keepStart = number.StartsWith('+') ? 2 : 0;
        if (number.Length <= keepStart + 2)
        {
            return new string('*', number.Length);
        }

        return string.Concat(number.AsSpan(0, keepStart), new string('*', number.Length - keepStart - 2), number.AsSpan(number.Length - 2));
    }
}
