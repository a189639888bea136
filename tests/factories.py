import datetime

import factory

from cases.models import Student
from crocoos.models import Area, FollowUpService, Membership, Municipality, Role, School, SchoolClass, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name", locale="hu_HU")
    position = "Teacher"
    password = factory.PostGenerationMethodCall("set_password", "test-password-1")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Area {n}")


class FollowUpServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpService

    area = factory.SubFactory(AreaFactory)
    name = factory.LazyAttribute(lambda o: f"{o.area.name} Follow-up Service")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"Municipality {n}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"School {n}")


class SchoolClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolClass

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"{9 + n % 4}.{chr(65 + n % 26)}{n}")
    school_year = "2026/2027"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.CLASS_TEACHER


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Student

    first_name = factory.Faker("first_name", locale="hu_HU")
    last_name = factory.Faker("last_name", locale="hu_HU")
    school_class = factory.SubFactory(SchoolClassFactory)
    school = factory.LazyAttribute(lambda o: o.school_class.school if o.school_class else None)
    area = factory.LazyAttribute(lambda o: o.school.area if o.school else AreaFactory())
    place_of_birth = "Kecskemét"
    date_of_birth = datetime.date(2010, 5, 17)


def member(role, *, school=None, area=None, user=None, **user_fields):
    """A user holding `role` at `school` or in `area`."""
    user = user or UserFactory(**user_fields)
    Membership.objects.create(user=user, role=role, school=school, area=area)
    return user
