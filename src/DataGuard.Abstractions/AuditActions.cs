// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard;

/// <summary>The names of the actions DataGuard audits.</summary>
public static class AuditActions
{
    /// <summary>Personal data was shown unmasked.</summary>
    public const string Unmask = "unmask";

    /// <summary>Tokens were turned back into values.</summary>
    public const string Detokenize = "detokenize";

    /// <summary>Personal data was read.</summary>
    public const string Read = "read";

    /// <summary>Personal data was erased (for example a token vault entry deleted on a subject's request).</summary>
    public const string Erase = "erase";
}
