// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;

namespace DataGuard.EFCore.Auditing;

/// <summary>
/// Reads <see cref="DataSubjectAttribute"/> into the <see cref="AuditAnnotationNames.DataSubject"/> annotation (explicit fluent
/// configuration wins) and refuses, when the model is built, a data-subject property whose type is not a string, a <see cref="Guid"/> or
/// an integer, and data-subject members of complex types (not supported).
/// </summary>
internal sealed class DataSubjectConvention : IModelFinalizingConvention
{
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        foreach (var entityType in modelBuilder.Metadata.GetEntityTypes().ToList())
        {
            foreach (var property in entityType.GetDeclaredProperties().ToList())
            {
                var member = (MemberInfo?)property.PropertyInfo ?? property.FieldInfo;
                if (member?.GetCustomAttribute<DataSubjectAttribute>(inherit: true) is not null)
                {
                    property.Builder.HasAnnotation(AuditAnnotationNames.DataSubject, true, fromDataAnnotation: true);
                }

                if (property.FindAnnotation(AuditAnnotationNames.DataSubject)?.Value is true && !IsSupported(property.ClrType))
                {
                    throw new InvalidOperationException(
                        $"{entityType.DisplayName()}.{property.Name} cannot be a data subject: its type is {property.ClrType.Name}, and only strings, Guids and integers identify a data subject.");
                }
            }

            foreach (var complexProperty in entityType.GetDeclaredComplexProperties())
            {
                CheckComplex(entityType, complexProperty.ComplexType);
            }
        }
    }

    internal static bool IsSupported(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string) || type == typeof(Guid) || type == typeof(int) || type == typeof(long) || type == typeof(short)
            || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort);
    }

    private static void CheckComplex(IConventionEntityType owner, IConventionComplexType complexType)
    {
        foreach (var property in complexType.GetDeclaredProperties())
        {
            var member = (MemberInfo?)property.PropertyInfo ?? property.FieldInfo;
            if (property.FindAnnotation(AuditAnnotationNames.DataSubject) is not null || member?.GetCustomAttribute<DataSubjectAttribute>(inherit: true) is not null)
            {
                throw new InvalidOperationException(
                    $"{complexType.DisplayName()}.{property.Name} of {owner.DisplayName()} cannot be a data subject: data-subject members of complex types are not supported. Map the value as a property of the entity.");
            }
        }

        foreach (var nested in complexType.GetDeclaredComplexProperties())
        {
            CheckComplex(owner, nested.ComplexType);
        }
    }
}
