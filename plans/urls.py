from django.urls import path

from plans.views.calendar import IcsFeedView

urlpatterns = [path("<str:token>.ics", IcsFeedView.as_view(), name="plans_ics")]
