namespace IvrApi.Lex;

/// <summary>The parts of a bot alias ARN.</summary>
public sealed record BotAlias(string Region, string BotId, string AliasId)
{
    public static BotAlias? Parse(string? arn)
    {
        // arn:aws:lex:us-east-1:111122223333:bot-alias/ABCDEFGHIJ/KLMNOPQRST
        var parts = arn?.Split(':');
        if (parts is not { Length: 6 } || parts[0] != "arn" || parts[2] != "lex")
        {
            return null;
        }

        var resource = parts[5].Split('/');
        return resource is ["bot-alias", { Length: > 0 } bot, { Length: > 0 } alias] && parts[3].Length > 0
            ? new BotAlias(parts[3], bot, alias)
            : null;
    }
}
