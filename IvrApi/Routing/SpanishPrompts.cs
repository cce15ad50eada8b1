namespace IvrApi.Routing;

/// <summary>
/// What a Spanish-speaking caller hears, in one place: the defaults of <c>Prompts:Spanish</c> (each one can be set
/// there like the English ones), said by Amazon Polly's US Spanish neural voice Lupe
/// (https://docs.aws.amazon.com/polly/latest/dg/available-voices.html: es-US Lupe and Pedro are neural).
/// </summary>
public static class SpanishPrompts
{
    public static void Apply(PromptOptions p)
    {
        ArgumentNullException.ThrowIfNull(p);
        p.Greeting = "Gracias por llamar.";
        p.Question = "¿Con qué departamento desea hablar?";
        p.Connecting = "Le comunico con el departamento de {department}.";
        p.Retry = "Lo siento, no encontré ese departamento. ¿Puede intentarlo de nuevo?";
        p.NotHeard = "Lo siento, no entendí el departamento. ¿Con qué departamento desea hablar?";
        p.Ambiguous = "Lo siento, no sé a qué departamento se refiere. Por favor, diga un solo nombre de departamento.";
        p.OperatorHandoff = "Lo siento, no encontré ese departamento. Le comunico con un operador.";
        p.NotHeardHandoff = "No escuché nada. Le comunico con un operador.";
        p.DirectoryUnavailable = "Lo siento, no puedo consultar los departamentos en este momento. Le comunico con un operador.";
        p.BotFailed = "Lo siento, algo salió mal. Le comunico con un operador.";
        p.BridgeFailed = "Lo siento, no hay nadie disponible en el departamento de {department}. Le comunico con un operador.";
        p.OperatorUnavailable = "Lo siento, no podemos comunicar su llamada en este momento. Por favor, llame más tarde. Adiós.";
        p.Closed = "Lo siento, el departamento de {department} está cerrado en este momento.";
        p.AfterHoursConnecting = "Le comunico con el departamento de {department}.";
        p.AfterHoursTransfer = "Voy a transferir su llamada.";
        p.Confirm = "¿Dijo {department}?";
        p.Denied = "Disculpe. ¿Con qué departamento desea hablar?";
        p.Preferred = "¿Llama por el departamento de {department}?";
        p.LanguageOffer = "Para español, oprima nueve.";
        p.LanguageWords = "español, espanol, spanish";
        p.VoiceId = "Lupe";
        p.Engine = "neural";
    }
}
