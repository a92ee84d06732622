// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.Redaction;

/// <summary>A span of the input text and the text that replaces it.</summary>
/// <param name="Start">The index of the first character replaced.</param>
/// <param name="End">The index after the last character replaced.</param>
/// <param name="Replacement">The masked text.</param>
/// <param name="Kind">What the span holds.</param>
internal readonly record struct TextMatch(int Start, int End, string Replacement, TextMatchKind Kind);
