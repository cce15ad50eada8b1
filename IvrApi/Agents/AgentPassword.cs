using System.Security.Cryptography;

namespace IvrApi.Agents;

/// <summary>An agent's SIP password: 24 letters and digits (about 143 bits) from the operating system's CSPRNG.</summary>
public static class AgentPassword
{
    public const int Length = 24;

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    // GetString draws each character without modulo bias.
    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, Length);
}
