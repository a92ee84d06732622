// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Linq.Expressions;
using System.Reflection;
using DataGuard.EFCore.Metadata;
using DataGuard.EFCore.Tokenization;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DataGuard.EFCore.Query;

/// <summary>
/// The encrypted properties of a model, looked up by CLR type and member name (for member access) or by
/// CLR type and property name (for <c>EF.Property</c>), and the tokenized and phone-number properties (which only SaveChanges may
/// write, so ExecuteUpdate must not set them). Built once per model and cached as a runtime annotation.
/// </summary>
internal sealed class EncryptedMemberIndex
{
    private readonly HashSet<(Type Type, string Name)> _members = [];
    private readonly HashSet<(Type Type, string Name)> _searchable = [];
    private readonly HashSet<(Type Type, string Name)> _complex = [];
    private readonly HashSet<(Type Type, string Name)> _tokenized = [];
    private readonly HashSet<(Type Type, string Name)> _phoneNumbers = [];

    /// <summary>Gets a value indicating whether the model has no encrypted, tokenized or phone-number property (nothing to validate).</summary>
    public bool IsEmpty => _members.Count == 0 && _tokenized.Count == 0 && _phoneNumbers.Count == 0;

    public static EncryptedMemberIndex For(IModel model)
        => model.GetOrAddRuntimeAnnotationValue(DataGuardAnnotationNames.EncryptedMembers, static m => Build(m!), model);

    public static EncryptedMemberIndex Build(IReadOnlyModel model)
    {
        var index = new EncryptedMemberIndex();
        foreach (var entityType in model.GetEntityTypes())
        {
            index.AddType(entityType.ClrType, entityType);
        }

        return index;
    }

    /// <summary>Whether a member access (<c>x.Prop</c>) reads an encrypted property.</summary>
    public bool IsEncrypted(MemberInfo member, Type? instanceType)
    {
        if (member.DeclaringType is { } declaring && (_members.Contains((declaring, member.Name)) || _complex.Contains((declaring, member.Name))))
        {
            return true;
        }

        return instanceType is not null && IsEncrypted(instanceType, member.Name);
    }

    /// <summary>Whether <c>EF.Property(instance, name)</c> reads an encrypted property.</summary>
    public bool IsEncrypted(Type instanceType, string name) => Contains(_members, instanceType, name) || Contains(_complex, instanceType, name);

    /// <summary>
    /// Whether a member access reads a complex property that holds encrypted properties (directly or nested). Comparing, grouping or
    /// ordering by such a value compares ciphertext; reading its plain members (<c>c.Billing.Country</c>) is fine.
    /// </summary>
    public bool IsEncryptedComplex(Expression? expression)
        => expression is MemberExpression { Expression: { } instance } member
            && ((member.Member.DeclaringType is { } declaring && _complex.Contains((declaring, member.Member.Name)))
                || Contains(_complex, InstanceType(instance), member.Member.Name));

    /// <summary>Whether a member access or <c>EF.Property</c> call reads a searchable (blind-indexed) encrypted property.</summary>
    public bool IsSearchable(Expression expression) => expression switch
    {
        MemberExpression { Expression: { } instance } member
            => (member.Member.DeclaringType is { } declaring && _searchable.Contains((declaring, member.Member.Name))) || Contains(_searchable, InstanceType(instance), member.Member.Name),
        MethodCallExpression { Arguments: [var instance, ConstantExpression { Value: string name }] } => Contains(_searchable, InstanceType(instance), name),
        _ => false,
    };

    /// <summary>Whether a member access, <c>EF.Property</c> call or indexer reads a tokenized property (written only through SaveChanges).</summary>
    public bool IsTokenized(Expression expression) => Matches(_tokenized, expression);

    /// <summary>Whether a member access, <c>EF.Property</c> call or indexer reads a phone-number property (normalised only on save).</summary>
    public bool IsPhoneNumber(Expression expression) => Matches(_phoneNumbers, expression);

    /// <summary>
    /// The type of the entity whose property is read, under the casts generic code adds (to <see cref="object"/> for
    /// <c>EF.Property</c>, to an interface for member access).
    /// </summary>
    public static Type InstanceType(Expression instance)
    {
        while (instance is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked or ExpressionType.TypeAs } unary)
        {
            instance = unary.Operand;
        }

        return instance.Type;
    }

    private static bool Matches(HashSet<(Type Type, string Name)> set, Expression expression) => expression switch
    {
        MemberExpression { Expression: { } instance } member
            => (member.Member.DeclaringType is { } declaring && set.Contains((declaring, member.Member.Name))) || Contains(set, InstanceType(instance), member.Member.Name),
        MethodCallExpression { Arguments: [var instance, ConstantExpression { Value: string name }] } => Contains(set, InstanceType(instance), name),
        MethodCallExpression { Object: { } instance, Method.Name: "get_Item", Arguments: [ConstantExpression { Value: string indexed }] } => Contains(set, InstanceType(instance), indexed),
        _ => false,
    };

    private static bool Contains(HashSet<(Type Type, string Name)> set, Type instanceType, string name)
    {
        for (var type = instanceType; type is not null && type != typeof(object); type = type.BaseType)
        {
            if (set.Contains((type, name)))
            {
                return true;
            }
        }

        return false;
    }

    private void AddType(Type clrType, IReadOnlyTypeBase type)
    {
        foreach (var property in type.GetProperties())
        {
            if (property.FindAnnotation(TokenizationAnnotationNames.Tokenized)?.Value is int)
            {
                AddMember(_tokenized, clrType, property);
            }

            if (DataGuardModelFinalizingConvention.IsPhoneNumber(property))
            {
                AddMember(_phoneNumbers, clrType, property);
            }

            if (!DataGuardModelFinalizingConvention.IsEncrypted(property))
            {
                continue;
            }

            var searchable = property.FindAnnotation(DataGuardAnnotationNames.Searchable)?.Value is true;
            Add(clrType, property.Name, searchable);
            if (property.PropertyInfo?.DeclaringType is { } declaring)
            {
                Add(declaring, property.Name, searchable);
            }
            else if (property.FieldInfo?.DeclaringType is { } fieldDeclaring)
            {
                Add(fieldDeclaring, property.FieldInfo.Name, searchable);
            }
        }

        foreach (var complexProperty in type.GetComplexProperties())
        {
            AddType(complexProperty.ComplexType.ClrType, complexProperty.ComplexType);
            if (ContainsEncrypted(complexProperty.ComplexType))
            {
                _complex.Add((clrType, complexProperty.Name));
                if (complexProperty.PropertyInfo?.DeclaringType is { } declaring)
                {
                    _complex.Add((declaring, complexProperty.Name));
                }
            }
        }
    }

    private static bool ContainsEncrypted(IReadOnlyTypeBase type)
        => type.GetProperties().Any(DataGuardModelFinalizingConvention.IsEncrypted)
            || type.GetComplexProperties().Any(c => ContainsEncrypted(c.ComplexType));

    private static void AddMember(HashSet<(Type Type, string Name)> set, Type clrType, IReadOnlyProperty property)
    {
        set.Add((clrType, property.Name));
        if (property.PropertyInfo?.DeclaringType is { } declaring)
        {
            set.Add((declaring, property.Name));
        }
        else if (property.FieldInfo?.DeclaringType is { } fieldDeclaring)
        {
            set.Add((fieldDeclaring, property.FieldInfo.Name));
        }
    }

    private void Add(Type type, string name, bool searchable)
    {
        _members.Add((type, name));
        if (searchable)
        {
            _searchable.Add((type, name));
        }
    }
}
