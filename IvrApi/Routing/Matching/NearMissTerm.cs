namespace IvrApi.Routing.Matching;

/// <summary>A one-word name or synonym with its sound key, for near-miss comparison.</summary>
internal sealed record NearMissTerm(string Word, string SoundKey, int Department);
