namespace IvrApi.Routing;

/// <summary>
/// What the call remembers between events (kept in the SMA's TransactionAttributes): the destination being bridged,
/// whether it is the operator (tried at most once), and what follows the words now being spoken.
/// </summary>
public sealed record CallMemory(Destination? Destination, bool OperatorTried, AfterSpeech AfterSpeech = AfterSpeech.Nothing);
