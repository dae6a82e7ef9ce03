namespace Mureka.Testing;

/// <summary>Themes the tests hand to the API: short, with a recognisable interval shape, in several keys and metres.</summary>
public static class ThemeFixtures
{
    /// <summary>Four bars of D minor in 4/4 at 100 bpm, with a leading-tone C# and broken rhythm.</summary>
    public const string DMinorAbc = """
        X:1
        T:Test theme in D minor
        M:4/4
        L:1/8
        Q:1/4=100
        K:Dm
        A2 d2 f2 e>d | ^c2 A2 d4 | f2 g2 a2 g>f | e2 ^c2 d4 |]
        """;

    /// <summary>Four bars of G major in 3/4 at 132 bpm, with a pickup note, a tie and a triplet.</summary>
    public const string GMajorWaltzAbc = """
        X:2
        T:Test waltz in G
        M:3/4
        L:1/4
        Q:1/4=132
        K:G
        D | G B d | (3efg d- | d c A | G3 |]
        """;
}
