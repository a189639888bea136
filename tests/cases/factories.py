import datetime

import factory
from django.utils import timezone

from cases.models import ActionItem, Case, Concern, Consent, InvolvedProfessional
from directory.models import OutsidePartner, Sector


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"sector-{n}")
    name = factory.Sequence(lambda n: f"Sector {n}")


class OutsidePartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutsidePartner

    institute = factory.Sequence(lambda n: f"Barnevernet Nordvik {n}")
    contact_name = "Bjørn Løvås"
    sector = factory.SubFactory(SectorFactory)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    reference = factory.Sequence(lambda n: f"EWS-2026-{n + 1:04d}")
    school = factory.LazyAttribute(lambda o: o.student.school)
    area = factory.LazyAttribute(lambda o: o.student.area)
    observed_problem = "Gyakran hiányzik, fáradt az órákon."


class ConcernFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Concern

    text = "Sokat hiányzik hétfőnként."
    categories = ["attendance"]
    observer_name = "Éva Tanár"
    observer_position = "Class teacher"


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent
        skip_postgeneration_save = True

    given_by = Consent.GivenBy.GUARDIAN
    given_by_name = "Ilona Lőrincz"
    given_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))

    @factory.post_generation
    def partners(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.partners.set(extracted)

    @factory.post_generation
    def sectors(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.sectors.set(extracted)


class InvolvedProfessionalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvolvedProfessional

    name = "Sigrid Håkonsen"
    institute = "Barnevernet"
    role = "Family support"


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    action = "Családlátogatás"
    responsible_institute = "Child welfare"
    responsible_name = "Sigrid Håkonsen"
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
