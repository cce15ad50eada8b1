using System.Globalization;
using IvrEmulators.Sma;

/// <summary>The command line; <see cref="Parse"/> refuses anything it does not know in one line.</summary>
internal sealed record Options(
    string? Url, string? Script, string? Template, string? BotAliasArn, int? PutSessionPort, bool Preload, bool Verbose, bool Pbx, bool Help, string? Called = null)
{
    /// <summary>The number a started IvrApi answers in Spanish (its <c>Routing:SpanishNumbers</c>, unless the environment sets one).</summary>
    public const string SpanishLine = "+15555550199";

    /// <summary>With <c>--url</c>, where the PutSession emulator listens: the port a locally run IvrApi's Lex endpoint names.</summary>
    public const int DefaultPutSessionPort = 5010;

    /// <summary>The Voice Connector the emulated SMA owns; a locally run IvrApi's <c>Sma:VoiceConnectorArn</c> must name it.</summary>
    public const string VoiceConnectorArn = "arn:aws:chime:us-east-1:111111111111:vc/ivrcalllocal";

    public static readonly string Usage = $$"""
        usage: dotnet run --project tools/ivr-call -- [--script FILE.json] [--called NUMBER] [--url URL] [--put-session-port PORT]
                                                      [--bot-alias-arn ARN] [--template FILE] [--no-preload] [--pbx] [--verbose]
          --script            a call script (format below; examples in tools/ivr-call/examples). Without it, type what
                              the caller does: words, `#2#` or `dtmf 2#` for keys, `silence`, `hangup`; while a bridge
                              rings or the agent talks, Enter waits and `hangup` leaves
          --called            the number the caller dials (E.164; default: the script's "called", else +15555550101).
                              The IvrApi ivr-call starts answers {{SpanishLine}} in Spanish (Routing__SpanishNumbers,
                              unless your environment sets it): --called {{SpanishLine}} is a Spanish call
          --url               an IvrApi already running, e.g. http://localhost:5000 (default: start one on a free
                              loopback port). It must be configured for these emulators:
                                Lex__BotAliasArn={{DefaultBotAliasArn}}
                                Sma__VoiceConnectorArn={{VoiceConnectorArn}}
                              and, for preload and `prefer` rules, AWS_ENDPOINT_URL_LEX_RUNTIME_V2=http://127.0.0.1:{{DefaultPutSessionPort}}
                              with any AWS credentials (the README's local run sets all of these)
          --put-session-port  where the emulated Lex runtime serves PutSession (default with --url: {{DefaultPutSessionPort}};
                              otherwise a free port)
          --bot-alias-arn     with --url: the Lex:BotAliasArn that IvrApi is configured with, if not the one above
          --template          the synthesized IvrCallRouter.template.json (default: synthesize once into artifacts/ivr-call)
          --no-preload        start IvrApi with Lex:PreloadSession=false
          --pbx               bridges to the Voice Connector become real SIP INVITEs to the local Asterisk
                              (start it first: bash pbx/local-pbx.sh start; see pbx/README.md)
          --verbose           print every SMA event, Lex code hook call and PutSession with its answer
          --help              this text

        Exit status: 0 the call ran within the AWS contracts; 1 it broke one (VIOLATION lines); 2 bad command line or
        call script; 3 the call could not work because of IvrApi's configuration (one line says which setting).

        Call script (JSON):
        {{CallScript.Format}}
        """;

    /// <summary>The emulated bot's alias ARN with the emulator's default ids.</summary>
    public static string DefaultBotAliasArn => new IvrEmulators.Lex.LexEmulatorOptions().BotAliasArn;

    /// <summary>The options, or a one-line reason they are wrong.</summary>
    public static (Options? Options, string? Error) Parse(string[] args)
    {
        string? url = null, script = null, template = null, arn = null, called = null;
        int? port = null;
        bool preload = true, verbose = false, pbx = false, help = false;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string? missing = null;
            string? Value()
            {
                if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    return args[++i];
                }

                missing = $"{name} needs a value (see --help)";
                return null;
            }

            switch (name)
            {
                case "--url": url = Value(); break;
                case "--script": script = Value(); break;
                case "--called": called = Value(); break;
                case "--template": template = Value(); break;
                case "--bot-alias-arn": arn = Value(); break;
                case "--put-session-port":
                    var text = Value();
                    if (text is not null && !(int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 65535))
                    {
                        return (null, $"--put-session-port needs a port number from 1 to 65535, not '{text}'");
                    }

                    port = text is null ? null : int.Parse(text, CultureInfo.InvariantCulture);
                    break;
                case "--no-preload": preload = false; break;
                case "--verbose": verbose = true; break;
                case "--pbx": pbx = true; break;
                case "--help" or "-h": help = true; break;
                default: return (null, $"unknown option '{name}' (see --help)");
            }

            if (missing is not null)
            {
                return (null, missing);
            }
        }

        if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"))
        {
            return (null, $"--url needs an http URL such as http://localhost:5000, not '{url}'");
        }

        if (arn is not null && url is null)
        {
            return (null, "--bot-alias-arn only applies with --url (a started IvrApi is given the emulator's own)");
        }

        if (called is not null && !IvrEmulators.Contracts.SmaContract.E164().IsMatch(called))
        {
            return (null, $"--called needs an E.164 number such as {SpanishLine}, not '{called}'");
        }

        return (new Options(url, script, template, arn, port, preload, verbose, pbx, help, called), null);
    }
}
