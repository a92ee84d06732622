// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.Redaction;

/// <summary>
/// Digit groups joined without a space (<c>2024-05-12</c>, <c>(201)555-0123</c>, <c>+91</c>): the unit that is classified as a
/// date, an IP address, a version or a decimal amount, and the unit that a phone-number window starts and ends on.
/// </summary>
/// <param name="FirstGroup">The index of the first group.</param>
/// <param name="LastGroup">The index of the last group.</param>
/// <param name="SpanStart">The index of the first character (a leading <c>+</c> or <c>(</c> included).</param>
/// <param name="SpanEnd">The index after the last digit.</param>
/// <param name="Digits">The number of digits.</param>
/// <param name="HasPlus">Whether the chunk starts with <c>+</c>.</param>
/// <param name="Excluded">Whether the chunk is a date, an IP address, a version, a decimal amount or too long a digit run.</param>
internal readonly record struct DigitChunk(int FirstGroup, int LastGroup, int SpanStart, int SpanEnd, int Digits, bool HasPlus, bool Excluded);
