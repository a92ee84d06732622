// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;

namespace DataGuard.Tests.Redaction;

/// <summary>Recall and precision of a phone-number finder on <see cref="PhoneNumberCorpus"/>; a hit must match a label's exact span.</summary>
public sealed record CorpusScore(string Name, int TruePositives, int FalsePositives, int FalseNegatives, IReadOnlyList<string> Errors)
{
    public double Recall => TruePositives / (double)(TruePositives + FalseNegatives);

    public double Precision => TruePositives + FalsePositives == 0 ? 1 : TruePositives / (double)(TruePositives + FalsePositives);

    public static CorpusScore Measure(string name, Func<string, string, IEnumerable<(int Start, int End)>> find)
    {
        int tp = 0, fp = 0, fn = 0;
        var errors = new List<string>();
        foreach (var (region, text, labels) in PhoneNumberCorpus.Samples())
        {
            var found = find(text, region).ToHashSet();
            foreach (var label in labels)
            {
                if (found.Contains(label))
                {
                    tp++;
                }
                else
                {
                    fn++;
                    errors.Add($"missed [{region}] '{text[label.Start..label.End]}' in: {text}");
                }
            }

            foreach (var hit in found.Where(h => !labels.Contains(h)))
            {
                fp++;
                errors.Add($"false [{region}] '{text[hit.Start..hit.End]}' in: {text}");
            }
        }

        return new CorpusScore(name, tp, fp, fn, errors);
    }

    public override string ToString()
        => $"{Name,-28} recall {Recall:0.000} ({TruePositives}/{TruePositives + FalseNegatives})  precision {Precision:0.000} ({TruePositives}/{TruePositives + FalsePositives})";
}
