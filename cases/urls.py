from django.urls import path

from .views import actions, cases, class_list, concerns, consent, sheets, students

urlpatterns = [
    path("students/", students.student_list, name="student_list"),
    path("students/import/", class_list.student_import, name="student_import"),
    path("students/<int:pk>/", students.student_detail, name="student_detail"),
    path("concerns/new/", concerns.concern_new, name="concern_new"),
    path("concerns/mine/", concerns.concern_mine, name="concern_mine"),
    path("concerns/inbox/", concerns.concern_inbox, name="concern_inbox"),
    path("concerns/<int:pk>/", concerns.concern_detail, name="concern_detail"),
    path("concerns/<int:pk>/decide/", concerns.concern_decide, name="concern_decide"),
    path("cases/", cases.case_list, name="case_list"),
    path("cases/new/", cases.case_new, name="case_new"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/edit/", cases.case_edit, name="case_edit"),
    path("cases/<int:pk>/close/", cases.case_close, name="case_close"),
    path("cases/<int:pk>/reopen/", cases.case_reopen, name="case_reopen"),
    path("cases/<int:pk>/consents/new/", consent.consent_new, name="consent_new"),
    path("cases/<int:pk>/consents/<int:consent_pk>/withdraw/", consent.consent_withdraw, name="consent_withdraw"),
    path("cases/<int:pk>/consents/<int:consent_pk>/document/", consent.consent_document, name="consent_document"),
    path("cases/<int:pk>/sheet.pdf", sheets.case_sheet_pdf, name="case_sheet_pdf"),
    path("cases/<int:pk>/sheets/upload/", sheets.sheet_upload, name="sheet_upload"),
    path("cases/<int:pk>/sheets/<int:number>/", sheets.sheet_download, name="sheet_download"),
    path("actions/mine/", actions.action_mine, name="action_mine"),
    path("actions/overdue/", actions.action_overdue, name="action_overdue"),
    path("actions/<int:pk>/", actions.action_update, name="action_update"),
]
