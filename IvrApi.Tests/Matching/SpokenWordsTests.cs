using IvrApi.Routing.Matching;

namespace IvrApi.Tests.Matching;

public sealed class SpokenWordsTests
{
    [Theory]
    [InlineData("sciences", "science")]
    [InlineData("histories", "history")]
    [InlineData("maths", "math")]
    [InlineData("arts", "art")]
    [InlineData("classes", "class")]
    [InlineData("churches", "church")]
    [InlineData("class", "class")]
    [InlineData("campus", "campus")]
    [InlineData("analysis", "analysis")]
    [InlineData("yes", "yes")]
    [InlineData("art", "art")]
    public void Singularize_by_rule(string word, string expected)
    {
        var buffer = word.ToCharArray();

        new string(buffer, 0, SpokenWords.Singularize(buffer)).Should().Be(expected);
    }

    [Fact]
    public void Split_lower_cases_drops_punctuation_and_apostrophes_and_singularizes()
    {
        const string heard = "  I'd like the ARTS-department, please!! ";
        var text = new char[heard.Length];
        var words = new Range[heard.Length];

        var count = SpokenWords.Split(heard, text, words);

        words[..count].Select(r => new string(text[r])).Should().Equal("id", "like", "the", "art", "department", "please");
        new string(text, 0, words[count - 1].End.Value).Should().Be("id like the art department please");
    }

    [Theory]
    [InlineData("history", "history", 0)]
    [InlineData("histery", "history", 1)]
    [InlineData("hsitory", "history", 1)]
    [InlineData("histoy", "history", 1)]
    [InlineData("mass", "math", 2)]
    [InlineData("sighence", "science", 3)]
    [InlineData("", "art", 3)]
    public void Distance_counts_edits_with_transpositions_as_one(string a, string b, int expected)
    {
        SpokenWords.Distance(a, b, cap: 10).Should().Be(expected);
    }

    [Fact]
    public void Distance_stops_counting_past_the_cap()
    {
        SpokenWords.Distance("geography", "history", cap: 2).Should().Be(3);
        SpokenWords.Distance("a", "mathematics", cap: 4).Should().Be(5);
    }

    [Theory]
    [InlineData("science", "SNS")]
    [InlineData("sighence", "SNS")]
    [InlineData("siance", "SNS")]
    [InlineData("history", "HSTR")]
    [InlineData("hystery", "HSTR")]
    [InlineData("math", "M0")]
    [InlineData("mass", "MS")]
    [InlineData("physic", "FSK")]
    [InlineData("fisic", "FSK")]
    [InlineData("knight", "NT")]
    [InlineData("nation", "NXN")]
    [InlineData("art", "ART")]
    public void SoundKey_merges_letters_that_sound_alike(string word, string expected)
    {
        var key = new char[2 * word.Length];

        new string(key, 0, SpokenWords.SoundKey(word, key)).Should().Be(expected);
    }

    [Theory]
    [InlineData("two", 2)]
    [InlineData("7", 7)]
    [InlineData("zero", 0)]
    [InlineData("12", -1)]
    [InlineData("to", -1)]
    [InlineData("for", -1)]
    public void Number_reads_single_digits_and_their_words(string word, int expected)
    {
        SpokenWords.Number(word).Should().Be(expected);
    }

    [Theory]
    [InlineData("please", true)]
    [InlineData("department", true)]
    [InlineData("thanks", true)]
    [InlineData("history", false)]
    [InlineData("not", false)]
    public void Filler_words_are_known_in_their_singular_form(string word, bool expected)
    {
        var buffer = word.ToCharArray();

        SpokenWords.IsFiller(buffer.AsSpan(0, SpokenWords.Singularize(buffer))).Should().Be(expected);
    }
}
