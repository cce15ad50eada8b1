namespace IvrApi.Lex;

public sealed class LexOptions
{
    public const string Section = "Lex";

    /// <summary><c>arn:aws:lex:REGION:ACCOUNT:bot-alias/BOT_ID/ALIAS_ID</c>: the bot StartBotConversation talks to.</summary>
    public string BotAliasArn { get; set; } = "";

    /// <summary>Call PutSession on a new call so the bot starts by asking for the department (as the sample does).</summary>
    public bool PreloadSession { get; set; }

    /// <summary>The most a new call waits for PutSession before going on without it.</summary>
    public TimeSpan PreloadTimeout { get; set; } = TimeSpan.FromMilliseconds(1000);

    public string IntentName { get; set; } = "RouteCall";

    public string SlotName { get; set; } = "Department";
}
