using System.Diagnostics;
using System.Text;

/// <summary>The IvrApi child process: its output kept for errors, the whole tree stopped on dispose.</summary>
internal sealed class IvrApiProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    public IvrApiProcess(Process process, bool echo)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Keep(e.Data, echo);
        process.ErrorDataReceived += (_, e) => Keep(e.Data, echo);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public bool HasExited => process.HasExited;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }

        process.Dispose();
    }

    private void Keep(string? line, bool echo)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }

        if (echo)
        {
            Console.Error.WriteLine("  ivrapi| " + line);
        }
    }
}
