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

    /// <summary>Personal data was exported (for example for a subject-access request).</summary>
    public const string Export = "export";

    /// <summary>An entity holding personal data was created.</summary>
    public const string Create = "create";

    /// <summary>An entity holding personal data was updated.</summary>
    public const string Update = "update";

    /// <summary>An entity holding personal data was deleted.</summary>
    public const string Delete = "delete";

    /// <summary>A key of the key ring was rotated or destroyed.</summary>
    public const string KeyRotation = "key-rotation";

    /// <summary>Rows were purged or anonymized by a retention policy.</summary>
    public const string RetentionPurge = "retention-purge";

    /// <summary>
    /// A legal hold was placed (purpose <c>place</c>) or lifted (purpose <c>lift</c>): the actor, the hold's reason, its id as the resource
    /// id, its tenant and, for a hold on a data subject, the subject's hash (never the identifier).
    /// </summary>
    public const string LegalHold = "legal-hold";

    /// <summary>A data-subject request changed state.</summary>
    public const string RequestStateChange = "request-state-change";

    /// <summary>An HTTP endpoint that handles personal data was called (written by the audit middleware, one per request).</summary>
    public const string Request = "request";
}
