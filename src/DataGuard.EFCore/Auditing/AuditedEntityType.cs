// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DataGuard.EFCore.Auditing;

/// <summary>An entity type that holds personal data, as the audit interceptors need it.</summary>
internal sealed class AuditedEntityType
{
    public AuditedEntityType(IEntityType entityType, IProperty[] subjectProperties, bool keyIsProtected)
    {
        EntityType = entityType;
        Name = entityType.ClrType.Name;
        SubjectProperties = subjectProperties;
        Key = entityType.FindPrimaryKey()?.Properties.ToArray() ?? [];
        KeyIsProtected = keyIsProtected;
    }

    public IEntityType EntityType { get; }

    /// <summary>Gets the resource name written to audit records (the CLR type name).</summary>
    public string Name { get; }

    /// <summary>Gets the data-subject properties.</summary>
    public IProperty[] SubjectProperties { get; }

    /// <summary>Gets the primary key's properties.</summary>
    public IReadOnlyList<IProperty> Key { get; }

    /// <summary>Gets a value indicating whether a key property is itself personal data (then no resource id is written).</summary>
    public bool KeyIsProtected { get; }

    /// <summary>The key as text (<c>1</c>, or <c>1|2</c> for a composite key), or <see langword="null"/> when the key is personal data or unknown.</summary>
    public string? ResourceIdOf(Func<IProperty, object?> valueOf)
    {
        if (KeyIsProtected || Key.Count == 0)
        {
            return null;
        }

        var parts = new string[Key.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            var value = valueOf(Key[i]);
            if (value is null)
            {
                return null;
            }

            parts[i] = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
        }

        return string.Join('|', parts);
    }
}
