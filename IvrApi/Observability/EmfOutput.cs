namespace IvrApi.Observability;

/// <summary>Where EMF documents go: stdout, the Lambda function's log. Tests put their own writer here.</summary>
public sealed class EmfOutput(TextWriter writer)
{
    // Console.Out is synchronized: one WriteLine is one whole line, never interleaved with a log line.
    public void WriteLine(string document) => writer.WriteLine(document);
}
