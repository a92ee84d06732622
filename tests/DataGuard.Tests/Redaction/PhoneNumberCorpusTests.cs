// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Linq;
using System.Text.RegularExpressions;
using DataGuard.Redaction;
using PhoneNumbers;
using Xunit;
using Xunit.Abstractions;

namespace DataGuard.Tests.Redaction;

public sealed class PhoneNumberCorpusTests(ITestOutputHelper output)
{
    /// <summary>The floors DataGuard must reach on the corpus (exact spans).</summary>
    private const double RecallFloor = 0.95;
    private const double PrecisionFloor = 0.95;

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>A typical hand-written pattern, as in the benchmark's NaiveRegex.</summary>
    internal static readonly Regex NaivePattern = new(@"\+?\d[\d\s\-().]{7,}\d", RegexOptions.CultureInvariant, System.TimeSpan.FromSeconds(1));

    [Fact]
    public void Corpus_EveryLabel_IsValidForLibPhoneNumber()
    {
        foreach (var (region, text, spans) in PhoneNumberCorpus.Samples())
        {
            foreach (var (start, end) in spans)
            {
                var number = Util.Parse(RedactionHarness.LibPhoneNumberSpaces(text[start..end]), region);
                Assert.True(Util.IsValidNumber(number), $"{text[start..end]} ({region}) is not valid");
            }
        }
    }

    [Fact]
    public void Corpus_Covers_EveryRegionWithInternationalAndNationalForms()
    {
        foreach (var region in PhoneNumberCorpus.Regions)
        {
            var labels = PhoneNumberCorpus.Positives.Where(p => p.Region == region)
                .Select(p => PhoneNumberCorpus.Unmark(p.Text, out var spans) is { } t ? spans.Select(s => t[s.Start..s.End]) : [])
                .SelectMany(s => s).ToList();
            Assert.Contains(labels, l => l.StartsWith('+'));
            Assert.Contains(labels, l => !l.StartsWith('+'));
        }
    }

    [Fact]
    public void Corpus_DataGuard_BeatsFindNumbersOnRecallAndPrecision()
    {
        var redactor = RedactionHarness.Create();
        var dataGuard = CorpusScore.Measure("DataGuard ITextRedactor", (text, region) =>
            (redactor.FindMatches(text, region) ?? []).Where(m => m.Kind == TextMatchKind.PhoneNumber).Select(m => (m.Start, m.End)));
        var findNumbers = CorpusScore.Measure("libphonenumber FindNumbers", (text, region) =>
            Util.FindNumbers(text, region, PhoneNumberUtil.Leniency.VALID, long.MaxValue).Select(m => (m.Start, m.Start + m.Length)));
        var naive = CorpusScore.Measure("naive regex", (text, _) =>
            NaivePattern.Matches(text).Select(m => (m.Index, m.Index + m.Length)));

        foreach (var score in new[] { dataGuard, findNumbers, naive })
        {
            output.WriteLine(score.ToString());
        }

        foreach (var score in new[] { dataGuard, findNumbers })
        {
            output.WriteLine(string.Empty);
            output.WriteLine(score.Name + ":");
            foreach (var error in score.Errors)
            {
                output.WriteLine("  " + error);
            }
        }

        Assert.True(dataGuard.Recall >= findNumbers.Recall, $"recall {dataGuard.Recall} < FindNumbers {findNumbers.Recall}");
        Assert.True(dataGuard.Precision >= findNumbers.Precision, $"precision {dataGuard.Precision} < FindNumbers {findNumbers.Precision}");
        Assert.True(dataGuard.Recall >= RecallFloor, $"recall {dataGuard.Recall} < {RecallFloor}");
        Assert.True(dataGuard.Precision >= PrecisionFloor, $"precision {dataGuard.Precision} < {PrecisionFloor}");
    }
}
