// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Security.Claims;

namespace DataGuard.EFCore.Auditing;

/// <summary>
/// One query reading entity types with personal data, from its reader's execution to its disposal: the types whose tables the command
/// references, and the subject hashes of the entities materialized from it.
/// </summary>
internal sealed class AuditedRead(EntityAudit audit, AuditedEntityType[] types, string? tenantId, ClaimsPrincipal? principal)
{
    private readonly object _gate = new();
    private readonly HashSet<string>?[] _subjects = new HashSet<string>?[types.Length];

    public EntityAudit Audit { get; } = audit;

    public AuditedEntityType[] Types { get; } = types;

    public string? TenantId { get; } = tenantId;

    public ClaimsPrincipal? Principal { get; } = principal;

    /// <summary>Gets or sets the number of rows read, as measured when the reader closed.</summary>
    public int? Rows { get; set; }

    /// <summary>Adds the subjects of an entity of <paramref name="type"/> when this read covers it; returns whether it does.</summary>
    public bool TryAddSubjects(AuditedEntityType type, Func<string?[]> subjects)
    {
        for (var i = 0; i < Types.Length; i++)
        {
            if (!Covers(Types[i], type))
            {
                continue;
            }

            var hashes = subjects();
            lock (_gate)
            {
                foreach (var hash in hashes)
                {
                    if (hash is not null)
                    {
                        (_subjects[i] ??= new HashSet<string>(StringComparer.Ordinal)).Add(hash);
                    }
                }
            }

            return true;
        }

        return false;
    }

    /// <summary>The subject hashes collected for the type at <paramref name="index"/>, ordered.</summary>
    public string[] SubjectsOf(int index)
    {
        lock (_gate)
        {
            if (_subjects[index] is not { Count: > 0 } set)
            {
                return [];
            }

            var result = new string[set.Count];
            set.CopyTo(result);
            Array.Sort(result, StringComparer.Ordinal);
            return result;
        }
    }

    private static bool Covers(AuditedEntityType read, AuditedEntityType materialized)
    {
        if (ReferenceEquals(read, materialized))
        {
            return true;
        }

        for (var type = materialized.EntityType.BaseType; type is not null; type = type.BaseType)
        {
            if (ReferenceEquals(type, read.EntityType))
            {
                return true;
            }
        }

        return false;
    }
}
