using IvrApi.Routing;
using IvrApi.Routing.Matching;
using static IvrApi.Tests.Matching.MatchingDirectories;

namespace IvrApi.Tests.Matching;

public sealed class KeypadMenuTests
{
    [Fact]
    public void Describe_lists_keys_in_directory_order()
    {
        KeypadMenu.Of(School).Describe().Should().Be("Press 1 for science, 2 for art, 3 for history, or 4 for math.");
    }

    [Fact]
    public void Describe_reads_naturally_for_one_and_two_departments()
    {
        KeypadMenu.Of(Of(Department("history"))).Describe().Should().Be("Press 1 for history.");
        KeypadMenu.Of(Of(Department("history"), Department("math"))).Describe().Should().Be("Press 1 for history or 2 for math.");
    }

    [Fact]
    public void Describe_is_empty_for_an_empty_directory()
    {
        KeypadMenu.Of(Of()).Describe().Should().BeEmpty();
    }

    [Fact]
    public void Beyond_nine_departments_only_the_first_nine_have_keys_and_the_rest_are_said_by_name()
    {
        var directory = Of(Enumerable.Range(1, 11).Select(i => Department($"room_{i}")).ToArray());

        KeypadMenu.Of(directory).Describe().Should().Be(
            "Press 1 for room 1, 2 for room 2, 3 for room 3, 4 for room 4, 5 for room 5, 6 for room 6, 7 for room 7, " +
            "8 for room 8, or 9 for room 9. For any other department, say its name.");
        KeypadMenu.Of(directory).Select("9", directory).Should().Be(new DepartmentMatch.Matched(directory.Departments[8]));
        KeypadMenu.Of(directory).Select("10", directory).Should().Be(DepartmentMatch.None);
    }

    [Theory]
    [InlineData("1", "science")]
    [InlineData("2", "art")]
    [InlineData("3", "history")]
    [InlineData("4", "math")]
    [InlineData("2#", "art")]
    [InlineData(" 3 ", "history")]
    [InlineData(" 4 # ", "math")]
    public void A_valid_key_selects_its_department(string digits, string expected)
    {
        KeypadMenu.Of(School).Select(digits, School).Should().BeOfType<DepartmentMatch.Matched>()
            .Which.Department.Name.Should().Be(expected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("#")]
    [InlineData("0")]
    [InlineData("*")]
    [InlineData("5")]
    [InlineData("9")]
    [InlineData("12")]
    [InlineData("1*")]
    [InlineData("#1")]
    [InlineData("A")]
    [InlineData("one")]
    public void A_wrong_or_empty_key_is_a_miss(string? digits)
    {
        KeypadMenu.Of(School).Select(digits, School).Should().Be(DepartmentMatch.None);
    }

    [Fact]
    public void A_key_means_what_the_caller_was_told_even_after_the_directory_changed()
    {
        var heard = KeypadMenu.Of(School);
        var reordered = Of(School.Departments[3], School.Departments[2], School.Departments[1]);

        heard.Select("2", reordered).Should().BeOfType<DepartmentMatch.Matched>().Which.Department.Name.Should().Be("art");
        heard.Select("1", reordered).Should().Be(DepartmentMatch.None, "science has left the directory since the menu was said");
    }

    [Fact]
    public void The_menu_travels_as_one_session_attribute_and_rejects_anything_else()
    {
        var menu = KeypadMenu.Of(Of(Enumerable.Range(1, 11).Select(i => Department($"room_{i}")).ToArray()));

        menu.ToString().Should().Be("room_1 room_2 room_3 room_4 room_5 room_6 room_7 room_8 room_9 +");
        KeypadMenu.Parse(menu.ToString()).Should().BeEquivalentTo(menu);
        KeypadMenu.Parse("science art").Should().BeEquivalentTo(new KeypadMenu(["science", "art"], false));
        KeypadMenu.Parse("science ../etc").Should().BeNull();
        KeypadMenu.Parse("aa bb cc dd ee ff gg hh ii jj").Should().BeNull();
        KeypadMenu.Parse("").Should().BeNull();
    }
}
