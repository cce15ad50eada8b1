using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace IvrEmulators.Sma;

/// <summary>
/// The caller's phone line on a simulated clock. Speech takes time by its length; the caller answers a question after
/// a moment's thought, and with no question pending waits their patience before acting anyway. Tracks dead air: more
/// than <see cref="DeadAirThresholdMs"/> with no speech playing, no question pending (nothing heard since the caller's
/// last input asked anything), no ringing and no agent. An input scripted <see cref="CallerInput.IntoPromptMs"/> into a
/// question is given while it plays: a prompt the caller can interrupt stops there and the bot gets the input at once; a
/// Speak plays on, and the input is lost or (keys, under <see cref="SpeakInput.KeysBuffered"/>) waits for the next listener.
/// </summary>
public sealed partial class SimulatedLine(CallScript script, ICallerInputSource inputs, CallRecord record, DocReadings? readings = null) : ICallerLine
{
    public const int DeadAirThresholdMs = 3000;

    private readonly DocReadings readings = readings ?? DocReadings.Default;

    /// <summary>Input given during a prompt, for the next listener.</summary>
    private CallerInput? early;

    private long silentSince = -1;
    private string? lastHeard;
    private int listensWithoutInput;

    public long NowMs { get; private set; }

    /// <summary>Something heard since the caller's last input asked them a question.</summary>
    public bool QuestionPending { get; private set; }

    public bool CallerGone { get; private set; }

    /// <summary>About 150 words a minute.</summary>
    public static int SpeechMs(string text) => 300 + (60 * (text?.Length ?? 0));

    public void Hear(string text, string source, bool asksQuestion) => Hear(text, source, asksQuestion, canInterrupt: false);

    public void Hear(string text, string source, bool asksQuestion, bool canInterrupt)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (CallerGone)
        {
            return;
        }

        EndSilence();
        var spoken = Ssml().Replace(text, "").Trim();
        record.Heard.Add(new HeardLine(NowMs, source, spoken));
        lastHeard = spoken;
        // A question asks for input; so does any line ending in a question mark.
        var question = asksQuestion || spoken.Contains('?', StringComparison.Ordinal);
        var duration = SpeechMs(spoken);
        if (question && early is null && inputs.Peek() is { IntoPromptMs: { } into } input and (CallerInput.Say or CallerInput.Keys) && into < duration)
        {
            inputs.Take();
            listensWithoutInput = 0;
            record.CallerActs.Add(new CallerAct(NowMs + into, input));
            if (canInterrupt)
            {
                // Barge-in: the prompt stops where the caller spoke or pressed; the bot has the input.
                NowMs += into + (input is CallerInput.Say say ? SpeechMs(say.Text) : 0);
                early = input;
                return;
            }

            NowMs += duration;
            early = input is CallerInput.Keys && readings.SpeakInput == SpeakInput.KeysBuffered ? input : null;
        }
        else
        {
            NowMs += duration;
        }

        QuestionPending |= question && early is null;
        if (script.HangUpAfterHearing is { } cue && spoken.Contains(cue, StringComparison.OrdinalIgnoreCase))
        {
            CallerGone = true;
        }
    }

    public CallerInput Listen(ListenSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (CallerGone)
        {
            return new CallerInput.HangUp();
        }

        if (early is { } given)
        {
            // Given during the prompt (already recorded at that moment): the listener has it at once.
            early = null;
            Acted();
            return given;
        }

        var next = inputs.Peek();
        if (next is null)
        {
            // Nothing left to say: the caller stays silent, and after a few unanswered waits gives up.
            Silent(settings.StartTimeoutMs);
            if (++listensWithoutInput > 3)
            {
                CallerGone = true;
                return new CallerInput.HangUp();
            }

            return new CallerInput.Silence();
        }

        if (next is CallerInput.HangUp)
        {
            inputs.Take();
            record.CallerActs.Add(new CallerAct(NowMs, next));
            CallerGone = true;
            return next;
        }

        if (!QuestionPending)
        {
            // Nobody asked anything: the caller waits for a question first, and the bot may time out before that.
            if (settings.StartTimeoutMs <= script.CallerPatienceMs)
            {
                Silent(settings.StartTimeoutMs);
                return new CallerInput.Silence();
            }

            Silent(script.CallerPatienceMs);
        }

        inputs.Take();
        listensWithoutInput = 0;
        switch (next)
        {
            case CallerInput.Say say:
                NowMs += script.ThinkMs;
                Acted();
                record.CallerActs.Add(new CallerAct(NowMs, next));
                NowMs += SpeechMs(say.Text);
                return next;
            case CallerInput.Keys:
                NowMs += script.ThinkMs;
                Acted();
                record.CallerActs.Add(new CallerAct(NowMs, next));
                return next;
            default:
                // Deliberate silence: the bot's start timeout runs out (with the question still pending).
                record.CallerActs.Add(new CallerAct(NowMs, next));
                Silent(settings.StartTimeoutMs);
                return next;
        }
    }

    public void Elapse(int milliseconds) => NowMs += milliseconds;

    public void Record(string kind, JsonNode request, JsonNode? response) =>
        record.Exchanges.Add(new Exchange(NowMs, kind, request, response));

    public void Violation(string text) => record.Violations.Add(text);

    /// <summary>Time passes with nothing playing (counts toward dead air unless a question is pending).</summary>
    public void Silent(int milliseconds)
    {
        if (!QuestionPending && silentSince < 0)
        {
            silentSince = NowMs;
        }

        NowMs += milliseconds;
    }

    /// <summary>Ringback or an agent: the caller hears something; not dead air.</summary>
    public void Occupied(int milliseconds)
    {
        EndSilence();
        NowMs += milliseconds;
    }

    /// <summary>
    /// The caller's next act outside the bot (while ringing or bridged), taken: hanging up, or anything else, which
    /// means waiting (or talking to the agent). Null when the caller has nothing more to do.
    /// </summary>
    public CallerInput? CallerActs()
    {
        if (CallerGone)
        {
            return new CallerInput.HangUp();
        }

        var next = inputs.Peek();
        if (next is null)
        {
            return null;
        }

        inputs.Take();
        record.CallerActs.Add(new CallerAct(NowMs, next));
        CallerGone = next is CallerInput.HangUp;
        return next;
    }

    public void CallerHangsUp()
    {
        CallerGone = true;
        EndSilence();
    }

    /// <summary>Closes the current silence; a long one is dead air.</summary>
    public void EndSilence()
    {
        if (silentSince >= 0 && NowMs - silentSince > DeadAirThresholdMs)
        {
            record.DeadAir.Add(new DeadAirGap(silentSince, NowMs - silentSince, lastHeard));
        }

        silentSince = -1;
    }

    private void Acted()
    {
        EndSilence();
        QuestionPending = false;
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Ssml();
}
