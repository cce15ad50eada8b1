namespace IvrEmulators;

/// <summary>Keys or words while an SMA Speak plays (https://docs.aws.amazon.com/chime-sdk/latest/dg/speak.html says nothing of input).</summary>
public enum SpeakInput
{
    /// <summary>Nothing listens during a Speak: the input is lost.</summary>
    Ignored,

    /// <summary>Keys pressed during a Speak reach the bot that listens next (words are lost: nothing recognises speech then).</summary>
    KeysBuffered,
}

/// <summary>A dialog state PutSession stored, when StartBotConversation opens the stream (neither page says).</summary>
public enum PreloadedState
{
    Survives,

    /// <summary>The stream starts a fresh session: no intent, no dialog action, no attributes.</summary>
    Discarded,
}

/// <summary>StartBotConversation's Configuration.SessionState.SessionAttributes over those PutSession stored.</summary>
public enum ConfigurationAttributes
{
    Replace,
    Merge,
}

/// <summary>A slot's capture code hook with no CaptureNextStep declared (API_SlotCaptureSetting gives no default).</summary>
public enum UndeclaredNextStep
{
    /// <summary>The dialog code hook runs after the capture (and after yes/no of a confirmation).</summary>
    CodeHookRuns,

    /// <summary>Lex takes its default path: the next slot, the bot's own confirmation prompt, fulfillment.</summary>
    LexDefaultPath,
}

/// <summary>No input at all while a slot is elicited.</summary>
public enum SilenceHandling
{
    /// <summary>A failed capture like any other: the elicitation code hook sees it.</summary>
    FailedCapture,

    /// <summary>Lex says the slot's prompt again by itself (counting retries) and the code hook never sees the silence.</summary>
    LexReprompts,
}

/// <summary>A code hook's ElicitSlot of the slot being elicited, against the slot's MaxRetries.</summary>
public enum LambdaElicitSlot
{
    /// <summary>Each Lambda ElicitSlot starts the prompt attempts again.</summary>
    NotCounted,

    /// <summary>The attempts go on counting; past MaxRetries Lex goes to FallbackIntent whatever the Lambda asks.</summary>
    Counted,
}

/// <summary>A code hook that throws or times out.</summary>
public enum FailingCodeHook
{
    /// <summary>The bot action ends: Chime's ACTION_FAILED.</summary>
    ActionFailed,

    /// <summary>Lex follows the hook's declared failure response and next step, by default ending the intent Failed (ACTION_SUCCESSFUL).</summary>
    FailureNextStep,
}

/// <summary>A preloaded ElicitSlot/ConfirmIntent prompt when the stream starts with Delegate or no dialog action.</summary>
public enum PreloadedPrompt
{
    /// <summary>"The bot waits for the user to provide input before responding": nothing is said.</summary>
    Silent,

    /// <summary>The bot says the preloaded prompt (the PutSession messages, else the slot's prompt).</summary>
    Spoken,
}

/// <summary>
/// The readings the emulators play where the AWS pages leave a rule open (each listed in emulators/README.md with the
/// sentence that leaves it open). The defaults are the readings the emulators always played.
/// </summary>
public sealed record DocReadings
{
    public static readonly DocReadings Default = new();

    public SpeakInput SpeakInput { get; init; }

    public PreloadedState PreloadedState { get; init; }

    public ConfigurationAttributes ConfigurationAttributes { get; init; }

    public UndeclaredNextStep UndeclaredNextStep { get; init; }

    public SilenceHandling Silence { get; init; }

    public LambdaElicitSlot LambdaElicitSlot { get; init; }

    public FailingCodeHook FailingCodeHook { get; init; }

    public PreloadedPrompt PreloadedPrompt { get; init; }

    /// <summary>
    /// Six combinations that put every pair of readings of every two switches together at least once (a covering
    /// array of strength 2: each switch follows a distinct 6-row column with three second readings and row 0 all
    /// defaults, so any two columns share a default row, each has a row the other lacks, and they overlap once).
    /// </summary>
    public static IReadOnlyList<DocReadings> Pairwise()
    {
        // The ten 5-bit masks with three bits set, in order; switch i takes column i (rows 1-5; row 0 is all defaults).
        var columns = Enumerable.Range(0, 32).Where(m => System.Numerics.BitOperations.PopCount((uint)m) == 3).ToArray();
        return Enumerable.Range(0, 6).Select(row =>
        {
            bool Second(int column) => row > 0 && (columns[column] & (1 << (row - 1))) != 0;
            return new DocReadings
            {
                SpeakInput = Second(0) ? SpeakInput.KeysBuffered : SpeakInput.Ignored,
                PreloadedState = Second(1) ? PreloadedState.Discarded : PreloadedState.Survives,
                ConfigurationAttributes = Second(2) ? ConfigurationAttributes.Merge : ConfigurationAttributes.Replace,
                UndeclaredNextStep = Second(3) ? UndeclaredNextStep.LexDefaultPath : UndeclaredNextStep.CodeHookRuns,
                Silence = Second(4) ? SilenceHandling.LexReprompts : SilenceHandling.FailedCapture,
                LambdaElicitSlot = Second(5) ? LambdaElicitSlot.Counted : LambdaElicitSlot.NotCounted,
                FailingCodeHook = Second(6) ? FailingCodeHook.FailureNextStep : FailingCodeHook.ActionFailed,
                PreloadedPrompt = Second(7) ? PreloadedPrompt.Spoken : PreloadedPrompt.Silent,
            };
        }).ToList();
    }

    /// <summary>The readings that differ from the defaults, e.g. <c>SpeakInput=KeysBuffered Silence=LexReprompts</c>.</summary>
    public override string ToString()
    {
        var changed = new List<string>();
        void Add<T>(string name, T value, T standard)
            where T : struct, Enum
        {
            if (!EqualityComparer<T>.Default.Equals(value, standard))
            {
                changed.Add($"{name}={value}");
            }
        }

        Add(nameof(SpeakInput), SpeakInput, default);
        Add(nameof(PreloadedState), PreloadedState, default);
        Add(nameof(ConfigurationAttributes), ConfigurationAttributes, default);
        Add(nameof(UndeclaredNextStep), UndeclaredNextStep, default);
        Add(nameof(Silence), Silence, default);
        Add(nameof(LambdaElicitSlot), LambdaElicitSlot, default);
        Add(nameof(FailingCodeHook), FailingCodeHook, default);
        Add(nameof(PreloadedPrompt), PreloadedPrompt, default);
        return changed.Count == 0 ? "defaults" : string.Join(' ', changed);
    }
}
