using System.Collections.Frozen;

namespace IvrApi.Routing.Matching;

/// <summary>
/// The Spanish word rules <see cref="SpokenWords"/> applies in a Spanish call, to the directory's words (Spanish and
/// English names alike) and to what the caller said, so both meet in one form. Accents are already folded away by
/// then ("matemáticas" and "matematicas" are one word), so every list here is written without them.
/// </summary>
internal static class SpanishWords
{
    // Articles, prepositions, pronouns and the carrier phrases of a request ("quisiera hablar con el departamento de…",
    // "¿me comunica con el de…?", "por favor"), hesitations and greetings. A directory term wins over this list.
    public static readonly FrozenSet<string> Fillers = Stemmed(
        "a", "al", "el", "la", "lo", "los", "las", "un", "una", "unas", "de", "del", "en", "con", "por", "para",
        "y", "e", "o", "u", "que", "quien", "saber", "urgente", "me", "mi", "mis", "yo", "nos", "nosotros", "le", "les", "se", "te", "su",
        "sus", "usted", "ustedes", "este", "esta", "esto", "ese", "esa", "eso", "aqui", "alli", "ahi", "quiero",
        "quisiera", "queria", "necesito", "necesitaba", "deseo", "desearia", "deseaba", "gustaria", "puedo", "podria",
        "puede", "pueden", "podrian", "favor", "porfa", "porfavor", "gracias", "muchas", "hola", "buenos", "buenas",
        "buen", "dia", "dias", "tarde", "tardes", "noche", "noches", "bueno", "pues", "eh", "em", "emm", "mm", "mmm",
        "ah", "oh", "ay", "si", "claro", "vale", "ok", "okay", "oiga", "mire", "senor", "senora", "senorita",
        "hablar", "habla", "hablo", "comunicar", "comunicarme", "comunica", "comunique", "comuniqueme", "conectar",
        "conectarme", "conecte", "conecteme", "pasar", "pasarme", "pasa", "pase", "paseme", "transferir",
        "transfiera", "transfierame", "llamar", "llamo", "llamando", "llamaba", "estoy", "es", "son", "soy", "ser",
        "sea", "tengo", "tiene", "tenia", "hay", "busco", "buscando", "buscaba", "preguntar", "pregunta",
        "preguntita", "consulta", "consultar", "duda", "informacion", "ayuda", "ayudar", "ayudarme", "ayude",
        "alguien", "persona", "gente", "oficina", "departamento", "depto", "dpto", "area", "seccion", "division",
        "extension", "numero", "opcion", "oprimo", "oprimi", "oprima", "marco", "marque", "marcar", "presiono",
        "presione", "tecla", "boton", "menu", "sobre", "acerca", "respecto", "tema", "asunto", "clase", "curso",
        "materia", "asignatura", "maestro", "maestra", "profesor", "profesora", "ahora", "hoy", "mismo", "ya",
        "tambien", "solo", "solamente", "nada", "mas", "decir", "dije", "digo", "quisieramos", "queremos",
        "necesitamos", "gusto", "entonces", "bien", "mande");

    // A caller who rules something out ("no, historia no", "cualquiera menos matemáticas") has not chosen: ask again.
    public static readonly FrozenSet<string> Negations = Stemmed(
        "no", "ni", "sin", "excepto", "menos", "salvo", "nunca", "jamas", "tampoco", "otro", "otra", "ningun",
        "ninguno", "ninguna", "sino");

    // Spoken keys: the Spanish menu says "oprima 2 para…", and many say "dos" or "el dos" instead.
    public static readonly FrozenDictionary<string, int> Numbers = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        [Stem("cero")] = 0, [Stem("uno")] = 1, [Stem("dos")] = 2, [Stem("tres")] = 3, [Stem("cuatro")] = 4,
        [Stem("cinco")] = 5, [Stem("seis")] = 6, [Stem("siete")] = 7, [Stem("ocho")] = 8, [Stem("nueve")] = 9,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Plural and singular to one form in place: a final s goes, then a final e, so "ciencias"/"ciencia",
    /// "artes"/"arte" (and the English "arts"/"art"), "profesores"/"profesor" meet. Not a dictionary stem: it only has
    /// to treat the caller's word and the directory's alike. Returns the new length.
    /// </summary>
    public static int Singularize(Span<char> word)
    {
        var n = word.Length;
        if (n >= 4 && word[n - 1] == 's' && word[n - 2] != 's')
        {
            n--;
        }

        if (n >= 4 && word[n - 1] == 'e')
        {
            n--;
        }

        return n;
    }

    /// <summary>
    /// A sound key for Spanish as recognizers mishear it: h is silent ("istoria"), b and v are one sound ("viología"),
    /// c before e/i, z and s are one ("siencias"), qu and hard c are k, g before e/i is j, ll and y before a vowel are
    /// one; vowels after the first sound are dropped. <paramref name="key"/> needs twice the word's length.
    /// </summary>
    public static int SoundKey(ReadOnlySpan<char> word, Span<char> key)
    {
        var length = 0;
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            var next = i + 1 < word.Length ? word[i + 1] : '\0';
            switch (c)
            {
                case 'a' or 'e' or 'i' or 'o' or 'u':
                    if (length == 0)
                    {
                        SpokenWords.Emit(key, ref length, 'A');
                    }

                    break;
                case 'h':
                    break;
                case 'b' or 'v':
                    SpokenWords.Emit(key, ref length, 'B');
                    break;
                case 'c':
                    if (next == 'h')
                    {
                        SpokenWords.Emit(key, ref length, 'X');
                        i++;
                    }
                    else
                    {
                        SpokenWords.Emit(key, ref length, next is 'e' or 'i' ? 'S' : 'K');
                    }

                    break;
                case 'g':
                    SpokenWords.Emit(key, ref length, next is 'e' or 'i' ? 'J' : 'G');
                    break;
                case 'q' or 'k':
                    SpokenWords.Emit(key, ref length, 'K');
                    break;
                case 's' or 'z':
                    SpokenWords.Emit(key, ref length, 'S');
                    break;
                case 'x':
                    SpokenWords.Emit(key, ref length, 'K');
                    SpokenWords.Emit(key, ref length, 'S');
                    break;
                case 'l' when next == 'l':
                    SpokenWords.Emit(key, ref length, 'Y');
                    i++;
                    break;
                case 'y' or 'w':
                    if (next is 'a' or 'e' or 'i' or 'o' or 'u')
                    {
                        SpokenWords.Emit(key, ref length, 'Y');
                    }

                    break;
                case >= 'a' and <= 'z':
                    SpokenWords.Emit(key, ref length, char.ToUpperInvariant(c));
                    break;
                default:
                    break; // Digits and other scripts carry no sound we can compare.
            }
        }

        return length;
    }

    private static string Stem(string word)
    {
        var buffer = word.ToCharArray();
        return new string(buffer, 0, Singularize(buffer));
    }

    private static FrozenSet<string> Stemmed(params string[] words) => words.Select(Stem).ToFrozenSet(StringComparer.Ordinal);
}
