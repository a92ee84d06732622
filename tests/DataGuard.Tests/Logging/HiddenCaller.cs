// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.Tests.Logging;

/// <summary>A value whose <c>ToString()</c> hides the phone number that destructuring (<c>{@Caller}</c>) would write.</summary>
internal sealed record HiddenCaller(string Phone)
{
    public override string ToString() => "a caller";
}
