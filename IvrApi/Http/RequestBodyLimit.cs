namespace IvrApi.Http;

/// <summary>The most an endpoint reads of a request body; larger bodies are answered 413 unread.</summary>
internal sealed record RequestBodyLimit(long Bytes)
{
    /// <summary>An SMA or Lex event is a few KB (the mutation tests' 20,000-character values included): room to spare.</summary>
    public static readonly RequestBodyLimit Event = new(128 * 1024);

    /// <summary>A department or rule is well under 1 KB even with every synonym and opening hours.</summary>
    public static readonly RequestBodyLimit Admin = new(64 * 1024);
}
