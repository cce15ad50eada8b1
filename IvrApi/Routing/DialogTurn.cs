using IvrApi.Routing.Matching;

namespace IvrApi.Routing;

/// <summary>
/// One bot turn as the code hook sees it, dialog or fulfilment alike: the slot value Lex heard, and the whole
/// transcript (the keys pressed, for DTMF input), which is all there is when Lex fell back. <paramref name="Proposed"/>
/// is the department a caller rule proposed, when this turn answers "Are you calling about …?". <paramref name="Language"/>
/// is the conversation's; <paramref name="Offered"/> the other language the welcome offered, which its key or name chooses.
/// </summary>
public sealed record DialogTurn(
    DialogIntent Intent,
    string? Heard,
    int FailureCount,
    bool Keypad = false,
    string? Transcript = null,
    Confirmation Confirmation = Confirmation.None,
    KeypadMenu? Menu = null,
    string? Proposed = null,
    CallLanguage Language = CallLanguage.English,
    CallLanguage? Offered = null);
