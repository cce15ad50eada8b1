using Xunit.Abstractions;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace IvrTools.Tests.Docs;

/// <summary>
/// Every command in every README (and BENCHMARKS.md) is checked against the repository: the programs, projects,
/// scripts, files, options, subcommands, deploy settings, service settings, endpoints and AWS CLI operations it names
/// must exist. A command no rule knows fails the test, so a new kind of command needs a check. The commands that are
/// cheap and need no AWS are also run for real (<see cref="ReadmeSessionTests"/> and below).
/// </summary>
public sealed partial class ReadmeCommandTests(ITestOutputHelper output)
{
    private static readonly string Root = Repository.Root;

    [ThreadStatic]
    private static string? readmeDir;

    private static string ReadmeDir { get => readmeDir ?? Root; set => readmeDir = value; }

    [ThreadStatic]
    private static string? SectionDir;

    public static TheoryData<string> Readmes() => new(ReadmeCommands.Files(Root));

    [Fact]
    public void Every_readme_has_commands_and_all_are_found()
    {
        var files = ReadmeCommands.Files(Root);
        files.Should().Contain(["README.md", "deploy-cdk/README.md", "pbx/README.md", "bench/README.md", "BENCHMARKS.md", "emulators/README.md", "spec-check/README.md", "sip-web-client/README.md"]);
        ReadmeCommands.Extract(Root, "README.md").Should().Contain(c => c.Text.StartsWith("dotnet run --project IvrApi", StringComparison.Ordinal))
            .And.Contain(c => c.Text == "bash scripts/test.sh");
    }

    [Theory]
    [MemberData(nameof(Readmes))]
    public async Task Every_command_names_what_exists(string readme)
    {
        var help = (await IvrCall.RunAsync("--help")).Output;
        var problems = new List<string>();
        ReadmeDir = Path.GetDirectoryName(Path.Combine(Root, readme))!;
        var cwd = Root;
        var block = -1;
        foreach (var command in ReadmeCommands.Extract(Root, readme))
        {
            // A cd carries on through the rest of its code block, as in a shell.
            if (command.Block != block || command.Block < 0)
            {
                cwd = Root;
                block = command.Block;
            }

            foreach (var words in ReadmeCommands.SimpleCommands(command.Text))
            {
                var checks = new List<string>();
                try
                {
                    // A section about one folder ("Agent softphone (`sip-web-client/`)") runs its npm commands there.
                    SectionDir = Regex.Match(command.Section, @"`([a-z-]+)/`") is { Success: true } m && Directory.Exists(Path.Combine(Root, m.Groups[1].Value))
                        ? Path.Combine(Root, m.Groups[1].Value)
                        : null;
                    cwd = Check(words, cwd, help, checks);
                    output.WriteLine($"{command.File}:{command.Line}: {string.Join(' ', words)}\n    {string.Join("; ", checks)}");
                }
                catch (ReadmeProblem p)
                {
                    problems.Add($"{command}: {p.Message}");
                }
            }
        }

        problems.Should().BeEmpty();
    }

    [Fact]
    public void Every_stack_output_is_listed_in_both_deploy_readmes()
    {
        var outputs = StackOutput().Matches(File.ReadAllText(Path.Combine(Root, "deploy-cdk", "IvrStack.cs"))).Select(m => m.Groups[1].Value).ToList();
        outputs.Should().Contain(["PhoneNumber", "AdminUrl", "DepartmentTableName"]);
        foreach (var readme in new[] { "README.md", "deploy-cdk/README.md" })
        {
            var text = File.ReadAllText(Path.Combine(Root, readme));
            outputs.Where(o => !text.Contains($"`{o}`", StringComparison.Ordinal)).Should().BeEmpty($"{readme} lists every stack output");
        }
    }

    [Fact]
    public void Every_deploy_setting_is_documented()
    {
        var rules = DeploySettingKeys();
        var text = File.ReadAllText(Path.Combine(Root, "deploy-cdk", "README.md"));
        rules.Where(k => !text.Contains($"`{k}`", StringComparison.Ordinal) && !text.Contains($"{k}=", StringComparison.Ordinal)).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Readmes))]
    public void Every_repository_path_the_prose_names_exists(string readme)
    {
        var text = File.ReadAllText(Path.Combine(Root, readme));
        var dir = Path.GetDirectoryName(Path.Combine(Root, readme))!;
        var missing = ProsePath().Matches(text).Select(m => m.Groups[1].Value.TrimEnd('/'))
            .Where(p => !p.Contains('<', StringComparison.Ordinal) && !p.Contains('*', StringComparison.Ordinal) && !Regex.IsMatch(p, "(^|/)(artifacts|cdk\\.out|dist|bin|obj|node_modules)(/|$)"))
            .Where(p => !File.Exists(Path.Combine(Root, p)) && !Directory.Exists(Path.Combine(Root, p)) && !File.Exists(Path.Combine(dir, p)) && !Directory.Exists(Path.Combine(dir, p)))
            .Distinct()
            .ToList();

        missing.Should().BeEmpty($"{readme} names only files that exist");
    }

    [Fact]
    public void No_doc_cites_files_outside_the_repository()
    {
        foreach (var file in ReadmeCommands.Files(Root))
        {
            File.ReadAllText(Path.Combine(Root, file)).Should().NotContainAny(["shared/contracts", "../shared", "/work/shared"], file);
        }
    }

    [Fact]
    public async Task The_pbx_render_and_prompt_commands_run_as_documented()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var render = InlineCommand(readme, "python3 pbx/render.py");
        var prompts = InlineCommand(readme, "bash pbx/prompts/make-prompts.sh");
        var dir = Directory.CreateTempSubdirectory("readme-pbx-").FullName;

        var run = await Repository.RunAsync("bash", ["-c", (render + " && " + prompts).Replace("/tmp/pbx", dir, StringComparison.Ordinal)]);

        run.ExitCode.Should().Be(0, run.All);
        File.Exists(Path.Combine(dir, "pjsip.conf")).Should().BeTrue();
        Directory.GetFiles(Path.Combine(dir, "sounds"), "*.wav").Should().Contain(f => f.EndsWith("history.wav", StringComparison.Ordinal));
    }

    private static string InlineCommand(string markdown, string start) =>
        Regex.Match(markdown, "`(" + Regex.Escape(start) + "[^`]*)`").Groups[1].Value is { Length: > 0 } c ? c : throw new InvalidOperationException($"no `{start}…` in the README");

    /// <summary>Checks one simple command; returns the working directory after it (for <c>cd</c>).</summary>
    private static string Check(IReadOnlyList<string> words, string cwd, string ivrCallHelp, List<string> checks)
    {
        var i = 0;
        for (; i < words.Count && ReadmeCommands.EnvAssignment().IsMatch(words[i]); i++)
        {
            CheckVariable(words[i].Split('=', 2)[0], checks);
            if (words[i].Contains("=<", StringComparison.Ordinal))
            {
                // A setting shown with a placeholder value ("pbxHostName=<name …>"): prose, not a command.
                return cwd;
            }
        }

        if (i < words.Count && words[i] == "sudo")
        {
            i++;
        }

        if (i == words.Count)
        {
            return cwd;
        }

        var program = words[i];
        var args = words.Skip(i + 1).ToList();
        Paths(args, cwd, checks);
        switch (program)
        {
            case "cd":
                Exists(Path.Combine(cwd, args[0]), checks);
                return Path.GetFullPath(Path.Combine(cwd, args[0]));
            case "export":
                args.ForEach(a => CheckVariable(a.Split('=', 2)[0], checks));
                break;
            case "dotnet":
                Dotnet(args, cwd, ivrCallHelp, checks);
                break;
            case "dotnet-counters":
                var meter = args.SkipWhile(a => a != "--counters").Skip(1).FirstOrDefault() ?? throw new ReadmeProblem("dotnet-counters without --counters");
                Grep("IvrApi", "MeterName", $"\"{meter}\"", checks);
                break;
            case "bash" when args is [['-', ..]]:
                checks.Add("bash's own option, named in prose");
                break;
            case "bash" when args[0].StartsWith("/opt/ivr-pbx/", StringComparison.Ordinal):
                // On the PBX host: the pbx/ bundle unpacked in /opt/ivr-pbx.
                Exists(Path.Combine(Root, "pbx", args[0]["/opt/ivr-pbx/".Length..]), checks);
                break;
            case "bash":
                Script(args, cwd, ivrCallHelp, checks);
                break;
            case "python3":
                if (args is ["-m", "http.server", ..])
                {
                    checks.Add("python3 standard library module");
                    break;
                }

                Options(Exists(Path.Combine(cwd, args[0]), checks), args.Skip(1), checks);
                break;
            case "node":
                if (args.FirstOrDefault(a => !a.StartsWith('-')) is { } file)
                {
                    Exists(Path.Combine(cwd, file), checks);
                }
                else
                {
                    checks.Add("node's own test runner");
                }

                break;
            case "npx":
                PackageHas(cwd, "aws-cdk", args[0], checks);
                if (args[0] == "aws-cdk" && args.Count > 1 && args[1] is not ("bootstrap" or "synth" or "deploy" or "destroy" or "diff"))
                {
                    throw new ReadmeProblem($"aws-cdk has no '{args[1]}' command");
                }

                break;
            case "npm":
                Npm(args, cwd, checks);
                break;
            case "curl":
                Curl(args, checks);
                break;
            case "aws":
                AwsCli(args, checks);
                break;
            case "journalctl" when args.Contains("-u"):
                // A unit's journal: the pbx host installs that unit.
                var unit = args.SkipWhile(a => a != "-u").Skip(1).First();
                if (!Directory.EnumerateFiles(Path.Combine(Root, "pbx"), unit + ".service", SearchOption.AllDirectories).Any())
                {
                    throw new ReadmeProblem($"no pbx file installs the unit '{unit}'");
                }

                checks.Add($"journal unit {unit} installed from pbx/");
                break;
            case "journalctl":
                var tag = args.SkipWhile(a => a != "-t").Skip(1).First();
                if (!Directory.EnumerateFiles(Path.Combine(Root, "pbx"), "*", SearchOption.AllDirectories).Any(f => File.ReadAllText(f).Contains(tag, StringComparison.Ordinal)))
                {
                    throw new ReadmeProblem($"no pbx file logs as '{tag}'");
                }

                checks.Add($"journal tag {tag} used in pbx/");
                break;
            case var placeholder when Regex.IsMatch(placeholder, @"^[A-Z]+(\.\.\.|…)?$"):
                checks.Add("a placeholder for any command");
                break;
            case "kill" or "chromium":
                checks.Add("shell builtin / system program");
                break;
            default:
                throw new ReadmeProblem($"no check knows the program '{program}'");
        }

        return cwd;
    }

    private static void Dotnet(List<string> args, string cwd, string ivrCallHelp, List<string> checks)
    {
        switch (args.FirstOrDefault())
        {
            case "run":
                var project = args.SkipWhile(a => a != "--project").Skip(1).FirstOrDefault() ?? throw new ReadmeProblem("dotnet run without --project");
                Project(Path.Combine(cwd, project), checks);
                var toolArgs = args.SkipWhile(a => a != "--").Skip(1).ToList();
                if (project.TrimEnd('/') == "tools/ivr-call")
                {
                    foreach (var flag in toolArgs.Where(a => a.StartsWith("--", StringComparison.Ordinal)))
                    {
                        if (!ivrCallHelp.Contains(flag + " ", StringComparison.Ordinal))
                        {
                            throw new ReadmeProblem($"ivr-call --help has no {flag}");
                        }
                    }

                    checks.Add("ivr-call options in its --help");
                }
                else if (toolArgs.Count > 0)
                {
                    throw new ReadmeProblem($"no check for the arguments of {project}");
                }

                break;
            case "publish" or "test" or "build":
                Project(Path.Combine(cwd, args[1]), checks);
                break;
            case "tool" when args is ["tool", "install", "-g", "dotnet-counters"]:
                checks.Add("a .NET global tool");
                break;
            default:
                throw new ReadmeProblem($"no check for dotnet {args.FirstOrDefault()}");
        }
    }

    private static void Script(List<string> args, string cwd, string ivrCallHelp, List<string> checks)
    {
        var script = Exists(Path.Combine(cwd, args[0]), checks);
        var text = File.ReadAllText(script);
        var rest = args.Skip(1).ToList();
        if (args[0].EndsWith("deploy.sh", StringComparison.Ordinal))
        {
            var keys = DeploySettingKeys();
            for (var i = 0; i < rest.Count; i++)
            {
                if (rest[i] == "-c" && i + 1 < rest.Count)
                {
                    var key = rest[++i].Split('=', 2)[0];
                    if (!keys.Contains(key))
                    {
                        throw new ReadmeProblem($"-c {key} is not a deploy setting");
                    }

                    checks.Add($"deploy setting {key}");
                }
            }

            return;
        }

        if (args[0].EndsWith("local-pbx.sh", StringComparison.Ordinal) && rest.Count > 0)
        {
            if (!text.Contains($"  {rest[0]})", StringComparison.Ordinal))
            {
                throw new ReadmeProblem($"local-pbx.sh has no '{rest[0]}' command");
            }

            checks.Add($"local-pbx.sh {rest[0]}");
            if (rest[0] == "exec" && rest.Count > 1)
            {
                Check(rest.Skip(1).ToList(), cwd, ivrCallHelp, checks);
            }

            return;
        }

        if (args[0].EndsWith("make-prompts.sh", StringComparison.Ordinal) && rest.Count > 0 && !text.Contains(rest[0], StringComparison.Ordinal))
        {
            throw new ReadmeProblem($"make-prompts.sh has no '{rest[0]}' mode");
        }

        Options(script, rest, checks);
    }

    private static void Npm(List<string> args, string cwd, List<string> checks)
    {
        var package = Path.Combine(cwd, "package.json");
        if (!File.Exists(package) || (cwd == Root && File.Exists(Path.Combine(ReadmeDir, "package.json"))))
        {
            package = Path.Combine(ReadmeDir, "package.json");
        }

        if (cwd == Root && SectionDir is not null && File.Exists(Path.Combine(SectionDir, "package.json")))
        {
            package = Path.Combine(SectionDir, "package.json");
        }

        if (!File.Exists(package))
        {
            throw new ReadmeProblem($"no package.json in {Path.GetRelativePath(Root, cwd)}");
        }

        var scripts = JsonNode.Parse(File.ReadAllText(package))!["scripts"] as JsonObject ?? [];
        var script = args switch
        {
            ["run", var name, ..] => name,
            ["test", ..] => "test",
            ["install" or "ci", ..] => null,
            _ => throw new ReadmeProblem($"no check for npm {string.Join(' ', args)}"),
        };
        if (script is not null && !scripts.ContainsKey(script))
        {
            throw new ReadmeProblem($"{Path.GetRelativePath(Root, package)} has no script '{script}'");
        }

        checks.Add(script is null ? $"{Path.GetRelativePath(Root, package)}" : $"npm script {script}");
    }

    private static void Curl(List<string> args, List<string> checks)
    {
        var url = args.FirstOrDefault(a => a.Contains("localhost", StringComparison.Ordinal) || a.StartsWith('$') || a.StartsWith("http", StringComparison.Ordinal) || a.StartsWith("127.0.0.1:", StringComparison.Ordinal))
            ?? throw new ReadmeProblem("curl without a URL");
        var path = Regex.Replace(url, @"^(\$\{[^}]*\}|\$[A-Za-z_]+|https?://[^/]+|(localhost|127\.0\.0\.1):[0-9]+)", "");
        var first = path.TrimStart('/').Split('/')[0];
        if (first is not ("sma" or "lex-hook" or "events" or "healthz" or "openapi" or "departments" or "rules" or "agents"))
        {
            throw new ReadmeProblem($"{path} is no IvrApi endpoint");
        }

        checks.Add($"endpoint /{first}");
    }

    private static void AwsCli(List<string> args, List<string> checks)
    {
        if (args is ["configure", ..])
        {
            checks.Add("aws configure");
            return;
        }

        var models = Path.Combine("/usr/lib/python3/dist-packages/botocore/data", args[0]);
        if (!Directory.Exists(models))
        {
            throw new ReadmeProblem($"no AWS service '{args[0]}' in the botocore models (scripts/ensure-apt.sh python3-botocore)");
        }

        var operation = string.Concat(args[1].Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
        var model = Directory.GetFiles(models, "service-2.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Last();
        if (JsonNode.Parse(File.ReadAllText(model))!["operations"]![operation] is not JsonObject op)
        {
            throw new ReadmeProblem($"aws {args[0]} has no {args[1]}");
        }

        foreach (var option in args.Where(a => a.StartsWith("--", StringComparison.Ordinal)).Select(a => a[2..]))
        {
            var member = string.Concat(option.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
            var shape = JsonNode.Parse(File.ReadAllText(model))!["shapes"]![op["input"]!["shape"]!.GetValue<string>()]!["members"]!.AsObject();
            if (!shape.Any(m => string.Equals(m.Key, member, StringComparison.OrdinalIgnoreCase)) && option is not ("region" or "profile"))
            {
                throw new ReadmeProblem($"aws {args[0]} {args[1]} has no --{option}");
            }
        }

        checks.Add($"AWS API {args[0]} {operation}");
    }

    private static void CheckVariable(string name, List<string> checks)
    {
        if (name.Contains("__", StringComparison.Ordinal))
        {
            var setting = name.Replace("__", ":", StringComparison.Ordinal);
            var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
            if (!readme.Contains($"`{setting}`", StringComparison.Ordinal))
            {
                throw new ReadmeProblem($"{name}: the README's settings table has no `{setting}`");
            }

            checks.Add($"setting {setting}");
        }
        else if (DeploySettingKeys().Contains(name))
        {
            checks.Add($"deploy setting {name}");
        }
        else if (name.StartsWith("AWS_", StringComparison.Ordinal) || name.StartsWith("IVR_", StringComparison.Ordinal) || name.StartsWith("CDK_", StringComparison.Ordinal) || name is "B" or "J")
        {
            checks.Add($"variable {name}");
        }
        else
        {
            throw new ReadmeProblem($"no check knows the variable {name}");
        }
    }

    /// <summary>Every word that names a repository path must exist (build outputs and placeholders aside).</summary>
    private static void Paths(IEnumerable<string> args, string cwd, List<string> checks)
    {
        foreach (var raw in args)
        {
            var word = raw.TrimStart('@').Split('=').Last().TrimEnd(',', '.', ':');
            if (!RepositoryPath().IsMatch(word) || word.Contains('<', StringComparison.Ordinal) || word.StartsWith('/')
                || Regex.IsMatch(word, "(^|/)(artifacts|cdk\\.out|dist|bin|obj)(/|$)") || Regex.IsMatch(word, "[A-Z]{4,}\\.json"))
            {
                continue;
            }

            Exists(File.Exists(Path.Combine(cwd, word)) || Directory.Exists(Path.Combine(cwd, word)) ? Path.Combine(cwd, word) : Path.Combine(Root, word), checks);
        }
    }

    private static void Options(string file, IEnumerable<string> args, List<string> checks)
    {
        var text = File.ReadAllText(file);
        foreach (var flag in args.Where(a => a.StartsWith("--", StringComparison.Ordinal)).Select(a => a.Split('=')[0]))
        {
            if (flag == "--help" && text.Contains("argparse", StringComparison.Ordinal))
            {
                continue;
            }

            if (!text.Contains(flag, StringComparison.Ordinal))
            {
                throw new ReadmeProblem($"{Path.GetRelativePath(Root, file)} knows no {flag}");
            }
        }

        checks.Add($"options of {Path.GetRelativePath(Root, file)}");
    }

    private static void Project(string path, List<string> checks)
    {
        if (!(Directory.Exists(path) && Directory.GetFiles(path, "*.csproj").Length == 1) && !(File.Exists(path) && path.EndsWith(".csproj", StringComparison.Ordinal)))
        {
            throw new ReadmeProblem($"{Path.GetRelativePath(Root, path)} is not a project");
        }

        checks.Add($"project {Path.GetRelativePath(Root, path)}");
    }

    private static string Exists(string path, List<string> checks)
    {
        // Commands run from the repository root, or from the README's own folder where it says so.
        if (!File.Exists(path) && !Directory.Exists(path) && Path.Combine(ReadmeDir, Path.GetRelativePath(Root, path)) is var local && (File.Exists(local) || Directory.Exists(local)))
        {
            path = local;
        }

        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new ReadmeProblem($"{Path.GetRelativePath(Root, path)} does not exist");
        }

        checks.Add($"{Path.GetRelativePath(Root, path)} exists");
        return path;
    }

    private static void PackageHas(string cwd, string package, string name, List<string> checks)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "package.json")))!;
        if (name != package || (json["dependencies"]?[package] ?? json["devDependencies"]?[package]) is null)
        {
            throw new ReadmeProblem($"npx {name}: not pinned in package.json");
        }

        checks.Add($"{package} pinned in package.json");
    }

    private static void Grep(string folder, string a, string b, List<string> checks)
    {
        if (!Directory.EnumerateFiles(Path.Combine(Root, folder), "*.cs", SearchOption.AllDirectories).Any(f => File.ReadAllText(f) is var t && t.Contains(a, StringComparison.Ordinal) && t.Contains(b, StringComparison.Ordinal)))
        {
            throw new ReadmeProblem($"no {a}…{b} in {folder}");
        }

        checks.Add($"{b} in {folder}");
    }

    internal static IReadOnlyList<string> DeploySettingKeys() =>
        DeploySettingRule().Matches(File.ReadAllText(Path.Combine(Root, "deploy-cdk", "DeploySettingsValidation.cs"))).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex("""\["([A-Za-z0-9]+)"\] = \(""")]
    private static partial Regex DeploySettingRule();

    [GeneratedRegex("""Output\("([A-Za-z]+)",""")]
    private static partial Regex StackOutput();

    [GeneratedRegex(@"`((?:IvrApi|IvrApi\.Tests|deploy-cdk|deploy-cdk\.Tests|pbx|tools|emulators|scripts|spec-check|bench|sip-web-client|docs|e2e|host|prompts|sipp|src|chime-provisioner)/[A-Za-z0-9_./-]*)`")]
    private static partial Regex ProsePath();

    [GeneratedRegex(@"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]*$")]
    private static partial Regex RepositoryPath();

    private sealed class ReadmeProblem(string message) : Exception(message);
}
