using System.Text;
using System.Text.RegularExpressions;

namespace IvrTools.Tests.Docs;

/// <summary>A command as a README shows it: in a code block (indented or fenced) or inline, with where it stands.</summary>
/// <param name="Block">Which code block of the file it is in (commands of one block share a shell); -1 inline.</param>
public sealed record ReadmeCommand(string File, int Line, string Section, string Text, int Block)
{
    public override string ToString() => $"{File}:{Line}: {Text}";
}

/// <summary>Finds every shell command in the repository's Markdown and splits it the way a shell would.</summary>
public static partial class ReadmeCommands
{
    /// <summary>Words a documented command may start with; anything else in a shell block is an unknown command.</summary>
    public static readonly string[] Programs =
        ["dotnet", "dotnet-counters", "bash", "sudo", "npx", "npm", "node", "python3", "curl", "cd", "export", "aws", "journalctl", "kill"];

    public static IReadOnlyList<string> Files(string root) =>
        Directory.EnumerateFiles(root, "*.md", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar).Any(part => part is "node_modules" or "artifacts" or "bin" or "obj" or "cdk.out" || part.StartsWith('.')))
            .Where(f => Path.GetFileName(f) is "README.md" or "BENCHMARKS.md")
            .Select(f => Path.GetRelativePath(root, f))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static IReadOnlyList<ReadmeCommand> Extract(string root, string file)
    {
        var lines = File.ReadAllLines(Path.Combine(root, file));
        var commands = new List<ReadmeCommand>();
        var section = "";
        string? fence = null;
        var block = 0;
        var inIndentedBlock = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fence = fence is null ? line.Trim()[3..].Trim() : null;
                block++;
                continue;
            }

            if (fence is null && !line.StartsWith("    ", StringComparison.Ordinal) && inIndentedBlock && line.Trim().Length > 0)
            {
                inIndentedBlock = false;
                block++;
            }

            if (fence is null && line.StartsWith('#'))
            {
                section = line.TrimStart('#').Trim();
                continue;
            }

            var shellFence = fence is "sh" or "bash" or "shell";
            var indented = fence is null && line.StartsWith("    ", StringComparison.Ordinal) && StartsLikeCommand(line.Trim());
            if ((shellFence && StartsLikeCommand(line.Trim())) || indented)
            {
                inIndentedBlock |= indented;
                var text = line.Trim();
                var start = i;
                // A quote left open continues on the next line, as in a shell.
                while (UnbalancedQuotes(StripComment(text)) && i + 1 < lines.Length)
                {
                    text += "\n" + lines[++i].Trim();
                }

                commands.Add(new ReadmeCommand(file, start + 1, section, StripComment(text), block));
                continue;
            }

            if (fence is not null)
            {
                continue;
            }

            foreach (Match inline in InlineCode().Matches(line))
            {
                var text = inline.Groups[1].Value.Trim();
                if (StartsLikeCommand(text) && text.Contains(' ', StringComparison.Ordinal))
                {
                    commands.Add(new ReadmeCommand(file, i + 1, section, text, -1));
                }
            }
        }

        return commands;
    }

    /// <summary>The simple commands of a line (split at <c>&amp;&amp;</c>, <c>;</c>, <c>|</c>, a trailing <c>&amp;</c>), each as words with quotes removed.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> SimpleCommands(string text)
    {
        var result = new List<IReadOnlyList<string>>();
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        void EndWord()
        {
            if (inWord)
            {
                words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
        }

        void EndCommand()
        {
            EndWord();
            if (words.Count > 0)
            {
                result.Add(words.ToList());
                words.Clear();
            }
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
                else
                {
                    word.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '\'' or '"':
                    quote = c;
                    inWord = true;
                    break;
                case ' ' or '\t' or '\n':
                    EndWord();
                    break;
                case ';' or '|' or '&':
                    EndCommand();
                    break;
                case '(' when word.ToString() == "<":
                    // Process substitution, <(command): one word.
                    var close = text.IndexOf(')', i);
                    word.Append(text[i..(close + 1)]);
                    i = close;
                    break;
                case ')':
                case '(' when !inWord:
                    EndCommand();
                    break;
                default:
                    word.Append(c);
                    inWord = true;
                    break;
            }
        }

        EndCommand();
        return result;
    }

    public static bool StartsLikeCommand(string text)
    {
        var first = text.TrimStart('(').Split(' ', 2)[0];
        return Programs.Contains(first) || EnvAssignment().IsMatch(first);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*=")]
    public static partial Regex EnvAssignment();

    private static bool UnbalancedQuotes(string text) => text.Count(c => c == '\'') % 2 == 1;

    private static string StripComment(string text)
    {
        char? quote = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null)
            {
                quote = c == quote ? null : quote;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '#' && i > 0 && char.IsWhiteSpace(text[i - 1]))
            {
                return text[..i].TrimEnd();
            }
        }

        return text;
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex InlineCode();
}
