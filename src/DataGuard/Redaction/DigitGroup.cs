// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.Redaction;

/// <summary>A run of ASCII digits inside a candidate number, and the separator that follows it.</summary>
/// <param name="Start">The index of the first digit.</param>
/// <param name="End">The index after the last digit.</param>
/// <param name="SpaceAfter">Whether the following separator holds a space (it ends a chunk).</param>
/// <param name="PunctuationAfter">The dash, dot or slash in the following separator, or NUL.</param>
/// <param name="ParenthesisAfter">Whether the following separator holds a parenthesis.</param>
/// <param name="CloseAfter">Whether the following separator holds a closing parenthesis.</param>
internal readonly record struct DigitGroup(int Start, int End, bool SpaceAfter, char PunctuationAfter, bool ParenthesisAfter, bool CloseAfter)
{
    /// <summary>Gets the number of digits.</summary>
    public int Length => End - Start;
}
