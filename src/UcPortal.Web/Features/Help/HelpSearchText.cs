using System.Globalization;
using System.Text;

namespace UcPortal.Web.Features.Help;

/// <summary>Search text that works for languages written without spaces (decision 036). Text is
/// normalised (NFKC: full-width Ｚｏｉｐｅｒ → zoiper; lower case); a query is cut into terms: words of
/// Latin letters and digits as they are, runs of Chinese characters into overlapping pairs
/// ("注册失败" → 注册, 册失, 失败), a single character alone. Each term is a plain substring test
/// (instr / strpos) that SQLite and PostgreSQL answer the same, with no word breaker or extension
/// on either. An article matches when it has every word and most pairs (<see cref="PairsNeeded"/>):
/// "话机注册" has the pair 机注 that "话机的注册" lacks, and should still find it.</summary>
public static class HelpSearchText
{
    public static string Normalise(string text) => text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();

    /// <summary>The stored search column of a translation: title, summary and text, normalised.</summary>
    public static string For(string title, string summary, string markdown) => Normalise($"{title}\n{summary}\n{markdown}");

    public static bool IsCjk(char c) =>
        c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf' or >= '\uf900' and <= '\ufaff' or >= '\u3040' and <= '\u30ff' or >= '\uac00' and <= '\ud7af';

    /// <summary>Of <paramref name="pairs"/> character pairs, how many an article must contain: all of up to
    /// two, else 60 % (at least two): "怎么升级付费套餐" has 7 pairs, and an article with 升级, 付费, 费套, 套餐 matches.</summary>
    public static int PairsNeeded(int pairs) => pairs <= 2 ? pairs : Math.Max(2, pairs * 6 / 10);

    /// <summary>The words (Latin letters, digits) and the Chinese character pairs of a query, at most 12 terms in all.</summary>
    public static (List<string> Words, List<string> Pairs) Split(string query)
    {
        var terms = Terms(query);
        return (terms.Where(t => !t.Any(IsCjk)).ToList(), terms.Where(t => t.Any(IsCjk)).ToList());
    }

    /// <summary>The terms of a query (at most 12).</summary>
    public static List<string> Terms(string query)
    {
        var text = Normalise(query);
        var terms = new List<string>();
        var word = new StringBuilder();
        var cjk = new StringBuilder();
        void FlushWord()
        {
            var w = word.ToString().Trim('.', '-', '+');
            if (w.Length >= 2)
            {
                terms.Add(w);
            }
            word.Clear();
        }
        void FlushCjk()
        {
            if (cjk.Length == 1)
            {
                terms.Add(cjk.ToString());
            }
            for (var i = 0; i + 1 < cjk.Length; i++)
            {
                terms.Add(cjk.ToString(i, 2));
            }
            cjk.Clear();
        }
        foreach (var c in text)
        {
            if (IsCjk(c))
            {
                FlushWord();
                cjk.Append(c);
            }
            else if (char.IsLetterOrDigit(c) || c is '-' or '.' or '+')
            {
                FlushCjk();
                word.Append(c);
            }
            else
            {
                FlushWord();
                FlushCjk();
            }
        }
        FlushWord();
        FlushCjk();
        return terms.Distinct().Take(12).ToList();
    }
}
