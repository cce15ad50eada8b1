using IvrApi.Departments;
using IvrApi.Routing;
using IvrApi.Routing.Matching;
using static IvrApi.Tests.Matching.MatchingDirectories;

namespace IvrApi.Tests.Matching;

/// <summary>The forgiving matcher, the keypad menu and yes/no in a Spanish call, against the school directory's Spanish names.</summary>
public sealed class SpanishMatchingTests
{
    private readonly ForgivingDepartmentMatcher matcher = new();

    [Theory]
    [InlineData("historia", "history")]
    [InlineData("história", "history")]
    [InlineData("HISTÓRIA", "history")]
    [InlineData("matemáticas", "math")]
    [InlineData("matematicas", "math")]
    [InlineData("Matemática", "math")]
    [InlineData("las ciencias", "science")]
    [InlineData("artes", "art")]
    [InlineData("álgebra", "math")]
    [InlineData("algebra", "math")]
    public void Accents_their_absence_and_plurals_do_not_matter(string heard, string expected) => Routes(heard, expected);

    [Theory]
    [InlineData("el departamento de historia")]
    [InlineData("Quisiera hablar con el departamento de historia, por favor.")]
    [InlineData("con el de historia")]
    [InlineData("¿Me puede comunicar con historia?")]
    [InlineData("Buenas tardes, me pasa con la maestra de historia")]
    public void Articles_fillers_and_carrier_phrases_are_ignored(string heard) => Routes(heard, "history");

    [Theory]
    [InlineData("tres", "history")]
    [InlineData("el tres", "history")]
    [InlineData("número tres", "history")]
    [InlineData("la opción tres", "history")]
    [InlineData("Oprimo el dos", "art")]
    [InlineData("uno", "science")]
    [InlineData("cuatro por favor", "math")]
    [InlineData("3", "history")]
    public void Spoken_and_keyed_numbers_are_menu_keys(string heard, string expected) => Routes(heard, expected);

    [Theory]
    [InlineData("nueve")] // no ninth department
    [InlineData("cero")]
    [InlineData("uno o dos")]
    [InlineData("tres, matemáticas")] // key 3 is history: a key and another name are two departments
    public void A_number_that_is_no_single_key_is_no_route(string heard) =>
        matcher.Match(heard, School, CallLanguage.Spanish).Should().NotBeOfType<DepartmentMatch.Matched>();

    [Theory]
    [InlineData("history", "history")]
    [InlineData("el departamento de math", "math")]
    [InlineData("Mathematics", "math")]
    [InlineData("con science por favor", "science")]
    public void English_names_said_by_a_Spanish_caller_route(string heard, string expected) => Routes(heard, expected);

    [Theory]
    [InlineData("istoria", "history")]
    [InlineData("his toria", "history")]
    [InlineData("siencias", "science")]
    [InlineData("matemátcas", "math")]
    [InlineData("arte moderno", "art")]
    public void A_near_miss_is_only_probable_and_is_confirmed_with_the_Spanish_name(string heard, string expected)
    {
        var probable = matcher.Match(heard, School, CallLanguage.Spanish).Should().BeOfType<DepartmentMatch.Probable>().Subject;

        probable.Department.Name.Should().Be(expected);
        probable.Department.SpokenName(CallLanguage.Spanish).Should().Be(School.Find(expected)!.Names[CallLanguage.Spanish].Name);
    }

    [Theory]
    [InlineData("no, historia no")]
    [InlineData("cualquiera menos matemáticas")]
    [InlineData("historia o arte")]
    [InlineData("historia del arte")]
    [InlineData("otro departamento")]
    [InlineData("la biblioteca")]
    [InlineData("quiero hablar con una persona")]
    public void Negation_two_departments_and_unknown_words_never_route(string heard) =>
        matcher.Match(heard, School, CallLanguage.Spanish).Should().BeAssignableTo<DepartmentMatch>()
            .And.Match<DepartmentMatch>(m => m is DepartmentMatch.NoMatch || m is DepartmentMatch.Ambiguous);

    [Fact]
    public void A_near_miss_of_two_Spanish_names_asks_instead_of_guessing()
    {
        var directory = Of(Department("music").InSpanish("música"), Department("physics").InSpanish("física"));

        matcher.Match("fúsica", directory, CallLanguage.Spanish).Should().BeOfType<DepartmentMatch.Ambiguous>()
            .Which.Candidates.Select(d => d.Name).Should().BeEquivalentTo("music", "physics");
    }

    [Theory]
    [InlineData("historia")]
    [InlineData("tres")]
    [InlineData("el departamento de matemáticas")]
    public void An_English_call_is_matched_on_English_words_alone(string heard) =>
        matcher.Match(heard, School, CallLanguage.English).Should().NotBeOfType<DepartmentMatch.Matched>();

    [Fact]
    public void A_department_without_a_Spanish_name_is_still_found_by_its_English_one()
    {
        var directory = Of(Department("customer_service"), Department("math").InSpanish("matemáticas"));

        Routes("quiero hablar con customer service", "customer_service", directory);
        directory.Departments[0].SpokenName(CallLanguage.Spanish).Should().Be("customer service");
    }

    [Fact]
    public void The_keypad_menu_is_read_in_Spanish_with_the_Spanish_names()
    {
        KeypadMenu.Of(School).Describe(CallLanguage.Spanish, School)
            .Should().Be("Oprima 1 para ciencias, 2 para arte, 3 para historia o 4 para matemáticas.");
        KeypadMenu.Of(School).Describe(CallLanguage.English, School)
            .Should().Be("Press 1 for science, 2 for art, 3 for history, or 4 for math.");
    }

    [Fact]
    public void The_Spanish_menu_reads_naturally_for_one_two_and_eight_keys_and_beyond_nine()
    {
        var two = Of(Department("history").InSpanish("historia"), Department("math").InSpanish("matemáticas"));
        KeypadMenu.Of(Of(Department("history").InSpanish("historia"))).Describe(CallLanguage.Spanish, School).Should().Be("Oprima 1 para historia.");
        KeypadMenu.Of(two).Describe(CallLanguage.Spanish, two).Should().Be("Oprima 1 para historia o 2 para matemáticas.");

        // "o" is said "u" before "ocho".
        var eight = Of(Enumerable.Range(1, 8).Select(i => Department($"room_{i}").InSpanish($"sala {i}")).ToArray());
        KeypadMenu.Of(eight).Describe(CallLanguage.Spanish, eight).Should().EndWith(", 7 para sala 7 u 8 para sala 8.");

        var eleven = Of(Enumerable.Range(1, 11).Select(i => Department($"room_{i}")).ToArray());
        KeypadMenu.Of(eleven).Describe(CallLanguage.Spanish, eleven).Should().EndWith(
            "8 para room 8 o 9 para room 9. Para cualquier otro departamento, diga su nombre.");
        new KeypadMenu([], MoreByName: true).Describe(CallLanguage.Spanish).Should().Be("Diga el nombre del departamento.");
    }

    [Fact]
    public void A_menu_key_whose_department_has_left_is_said_by_its_English_name()
    {
        var menu = KeypadMenu.Of(School);

        menu.Describe(CallLanguage.Spanish, Of(Department("math").InSpanish("matemáticas")))
            .Should().Be("Oprima 1 para science, 2 para art, 3 para history o 4 para matemáticas.");
    }

    [Theory]
    [InlineData("sí", Confirmation.Confirmed)]
    [InlineData("Si, por favor", Confirmation.Confirmed)]
    [InlineData("claro que sí", Confirmation.Confirmed)]
    [InlineData("Sí, eso es", Confirmation.Confirmed)]
    [InlineData("correcto", Confirmation.Confirmed)]
    [InlineData("así es", Confirmation.Confirmed)]
    [InlineData("yes", Confirmation.Confirmed)]
    [InlineData("no", Confirmation.Denied)]
    [InlineData("No, gracias", Confirmation.Denied)]
    [InlineData("para nada", Confirmation.Denied)]
    [InlineData("no, eso no", Confirmation.Denied)]
    [InlineData("historia", Confirmation.None)]
    [InlineData("sí y no", Confirmation.None)]
    [InlineData("no, historia", Confirmation.None)]
    public void A_Spanish_yes_or_no_is_understood(string said, Confirmation expected) =>
        YesOrNo.Of(said, CallLanguage.Spanish).Should().Be(expected);

    [Theory]
    [InlineData("sí")]
    [InlineData("claro")]
    public void Spanish_yes_words_are_no_answer_in_an_English_call(string said) =>
        YesOrNo.Of(said, CallLanguage.English).Should().Be(Confirmation.None);

    [Theory]
    [InlineData("historia", "istoria")]
    [InlineData("ciencias", "siencias")]
    [InlineData("biologia", "viologia")]
    [InlineData("calle", "caye")]
    [InlineData("geologia", "jeolojia")]
    public void Spanish_words_that_sound_alike_share_a_sound_key(string word, string misheard) =>
        SoundKey(misheard).Should().Be(SoundKey(word));

    [Theory]
    [InlineData("historia", "matematicas")]
    [InlineData("pintura", "dibujo")]
    [InlineData("arte", "parte")]
    public void Spanish_words_that_sound_apart_have_different_sound_keys(string word, string other) =>
        SoundKey(other).Should().NotBe(SoundKey(word));

    [Theory]
    [InlineData("ciencias", "ciencia")]
    [InlineData("artes", "arte")]
    [InlineData("profesores", "profesor")]
    [InlineData("clases", "clase")]
    public void Spanish_plurals_and_singulars_meet(string plural, string singular) => Stem(plural).Should().Be(Stem(singular));

    private static string SoundKey(string word)
    {
        var key = new char[2 * word.Length];
        return new string(key, 0, SpokenWords.SoundKey(word, key, CallLanguage.Spanish));
    }

    private static string Stem(string word)
    {
        var buffer = word.ToCharArray();
        return new string(buffer, 0, SpokenWords.Singularize(buffer, CallLanguage.Spanish));
    }

    private void Routes(string heard, string expected) => Routes(heard, expected, School);

    private void Routes(string heard, string expected, DirectorySnapshot directory) =>
        matcher.Match(heard, directory, CallLanguage.Spanish).Should().BeOfType<DepartmentMatch.Matched>()
            .Which.Department.Name.Should().Be(expected);
}
